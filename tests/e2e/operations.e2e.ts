import { describe, expect, it } from 'vitest';
import { RELAY_LOCK } from '../../src/lib/server/feed/relay.ts';
import { signIn } from '../support/auth.ts';
import { request, signInByFetch } from '../support/http.ts';
import { SHOTS, useStack } from '../support/stack.ts';

const METRICS_TOKEN = 'metrics-token-for-the-e2e-run-0123456789';

/** A value of one Prometheus series in an exposition text (first match). */
function metric(text: string, name: string, labels = ''): number | null {
	const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
	return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : null;
}

describe('operations: status page, rollup check, metrics, the stale watermark', () => {
	const { db, server, browser } = useStack({ items: 3000, seed: 'ops', env: { METRICS_TOKEN }, browser: true });

	it('serves Prometheus metrics to the scraper token or an administrator only', async () => {
		const anonymous = await fetch(`${server.url}/metrics`);
		expect(anonymous.status).toBe(401);
		const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN.replace('0', '1')}` } });
		expect(wrong.status).toBe(401);
		const { cookie } = await signInByFetch(server.url, 'sheng.lingdao');
		expect((await request(server.url, '/metrics', { cookie })).status).toBe(401); // a leader is no operator

		const scraped = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
		expect(scraped.status).toBe(200);
		const text = await scraped.text();
		const [{ lastSeq }] = await db.sql<{ lastSeq: number }[]>`select last_seq::int as "lastSeq" from feed_state`;
		expect(metric(text, 'liaowang_relay_leader')).toBe(1);
		expect(metric(text, 'liaowang_feed_relayed_seq')).toBeGreaterThanOrEqual(lastSeq);
		expect(metric(text, 'liaowang_feed_pending_rows')).not.toBeNull();
		expect(text).toContain('process_resident_memory_bytes');
	});

	it('shows the relay, the lag and the connected screens, and runs the rollup check', async () => {
		const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(wall, server.url, 'jinan.dapin');
		await wall.waitForSelector('[data-status=live]', { timeout: 20_000 });

		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'admin', '/admin/status');
		await expect.poll(() => page.textContent('[data-field=owner]')).toContain('本节点');
		expect(await page.textContent('main')).toContain('济南市（370100）');
		expect(await page.getAttribute('.lead', 'data-trouble')).toBe('false');
		// each retention and the oldest record held (the admin's own sign-in is in the audit log)
		expect(await page.textContent('[data-field=audit-retention]')).toContain('在线保留 6 个月');
		expect(await page.textContent('[data-field=outbox-retention]')).toContain('保留 30 天');
		expect(await page.textContent('[data-field=audit-oldest]')).toMatch(/\d{4}\/\d{1,2}\/\d{1,2}.*共 [1-9]\d* 条/);
		expect(await page.textContent('[data-field=archive-oldest]')).toContain('共 0 条');
		// one URL, and a superuser's (the test server's): the page says the app should not run so (README: 数据库角色)
		expect(await page.textContent('[data-field=db-role]')).toMatch(/⚠ 应用以数据库超级用户 postgres 运行.*DATABASE_OWNER_URL/);
		expect(await page.textContent('[data-field=unmask-alerts]')).toContain('最近一小时没有账号异常频繁地查看完整信息');
		await page.click('text=立即核对');
		await page.waitForSelector('[data-check]');
		expect(await page.getAttribute('[data-check]', 'data-check')).toBe('ok');

		// a drifted rollup is reported, with its key
		// one row: the whole key (a region, unit and status have a row per light)
		const [row] = await db.sql<{ region: string; unitId: number; status: string; light: string }[]>`
			select region, unit_id as "unitId", status, light from rollup_state where items > 0 order by region, unit_id, status, light limit 1`;
		await db.sql`update rollup_state set items = items + 3 where (region, unit_id, status, light) = (${row.region}, ${row.unitId}, ${row.status}, ${row.light})`;
		await page.click('text=立即核对');
		await page.waitForSelector('[data-check=differences]');
		expect(await page.textContent('[data-check=differences]')).toContain('1 处差异');
		await page.screenshot({ path: `${SHOTS}admin-status-1920x1080.png` });
		await db.sql`update rollup_state set items = items - 3 where (region, unit_id, status, light) = (${row.region}, ${row.unitId}, ${row.status}, ${row.light})`;
		await wall.close();
		await page.close();
	});

	it('marks the wall stale within seconds of the relay stopping, and clears it once it is back', async () => {
		const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(wall, server.url, 'dapin');
		await wall.waitForSelector('[data-status=live]', { timeout: 20_000 });
		expect(await wall.$('.feed.stale')).toBeNull();

		// take the relay's lock away from the server and keep it: the feed stops, the socket stays up
		const holder = await db.sql.reserve();
		try {
			await db.sql`select pg_terminate_backend(l.pid) from pg_locks l
			              where l.locktype = 'advisory' and l.objid = ${RELAY_LOCK} and l.granted
			                and l.database = (select oid from pg_database where datname = current_database())`;
			await expect.poll(async () => (await holder`select pg_try_advisory_lock(${RELAY_LOCK}) as ok`)[0].ok, { timeout: 10_000, interval: 50 }).toBe(true);
			const stoppedAt = Date.now();
			await wall.waitForSelector('.feed.stale', { timeout: 20_000 });
			const staleAfter = (Date.now() - stoppedAt) / 1000;
			expect(staleAfter).toBeGreaterThan(8);
			expect(staleAfter).toBeLessThan(16);
			expect(await wall.textContent('.feed')).toContain('数据延迟');
			await wall.screenshot({ path: `${SHOTS}screen-stale-1920x1080.png` });
			// a change made meanwhile waits in the outbox
			await db.sql`update petition_item set headcount = headcount + 1 where id = (select min(id) from petition_item)`;
		} finally {
			await holder`select pg_advisory_unlock_all()`;
			holder.release();
		}
		await wall.waitForSelector('.feed:not(.stale)', { timeout: 10_000 });
		const [{ pending }] = await db.sql<{ pending: number }[]>`select count(*)::int as pending from outbox where seq is null`;
		expect(pending).toBe(0);
		await wall.close();
	});
});
