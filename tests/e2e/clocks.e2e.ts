import { beforeAll, describe, expect, it } from 'vitest';
import { statutoryDays } from '../../src/lib/domain/holidays.ts';
import { localDay } from '../../src/lib/time.ts';
import { signIn } from '../support/auth.ts';
import { SHOTS, useStack } from '../support/stack.ts';

describe('holiday years and clock guards in the browser', () => {
	const { db, server, browser } = useStack({ items: 1500, seed: 'clocks', browser: true });
	// stored: 2025 and 2026 only, whatever the bundled calendar holds (it gains a year every November):
	// the first test reads 2027 and after as 未录入 and enters one. After the server's start, which
	// stores the bundled years too; the pages read the stored years on each request
	beforeAll(async () => {
		await db.sql`delete from holiday_year where year >= 2027`;
	});

	it('an administrator sees which notices are missing and enters a year; a bad year changes nothing', async () => {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'admin', '/admin/status');
		// the year as the server reads it, in Shanghai (from 16:00 UTC on 31 December the machine's year is still the old one)
		const year = Number(localDay(new Date()).slice(0, 4));
		const missing = [year, year + 1].filter((y) => y > 2026);
		for (const y of missing) expect(await page.textContent(`[data-notice="${y}"]`)).toContain(`${y} 年未录入当年调休安排`);
		await page.screenshot({ path: `${SHOTS}admin-status-holidays-1920x1080.png`, fullPage: true });

		await page.goto(`${server.url}/admin/rules`);
		const form = page.locator('form[data-new-year]');
		const target = Number(await form.locator('input[name=year]').inputValue());
		expect(target).toBeGreaterThan(2026);
		const law = statutoryDays(target).map((d) => d.date);
		expect(await form.locator('textarea[name=holidays]').inputValue()).toBe([...new Set(law)].join(' '));
		// a worked day that is not a weekend: refused, naming the date, nothing stored
		const weekday = [`${target}-03-03`, `${target}-03-04`, `${target}-03-05`].find((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))!;
		await form.locator('textarea[name=workdays]').fill(weekday);
		await form.locator('input[name=source]').fill(`国务院办公厅关于${target}年部分节假日安排的通知`);
		await form.locator('button').click();
		await page.waitForSelector('p.error');
		expect(await page.textContent('p.error')).toContain(`调休上班日期 ${weekday} 不是周六或周日`);
		expect((await db.sql`select count(*)::int as n from holiday_year where year = ${target}`)[0].n).toBe(0);
		// a statutory day left out: refused too
		await form.locator('textarea[name=workdays]').fill('');
		await form.locator('textarea[name=holidays]').fill(law.slice(1).join(' '));
		await form.locator('button').click();
		await page.waitForFunction(() => document.querySelector('p.error')?.textContent?.includes('缺少法定节假日'));
		expect((await db.sql`select count(*)::int as n from holiday_year where year = ${target}`)[0].n).toBe(0);
		await page.screenshot({ path: `${SHOTS}admin-rules-holidays-1920x1080.png`, fullPage: true });

		await form.locator('textarea[name=holidays]').fill(law.join(' '));
		await form.locator('input[name=noticeDate]').fill(`${target - 1}-11-10`);
		await form.locator('button').click();
		await page.waitForSelector('p.ok');
		expect(await page.textContent('p.ok')).toContain(`${target} 年节假日安排已录入`);
		const [stored] = await db.sql<{ n: number; notice: string }[]>`select cardinality(holidays) as n, notice_date::text as notice from holiday_year where year = ${target}`;
		expect(stored).toEqual({ n: new Set(law).size, notice: `${target - 1}-11-10` });
		const [audited] = await db.sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'rules.update' and target = ${`holidays ${target}`}`;
		expect(audited.n).toBe(1);
		await page.close();

		const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
		await signIn(phone, server.url, 'admin', '/admin/rules');
		await phone.screenshot({ path: `${SHOTS}admin-rules-holidays-390x844.png`, fullPage: true });
		await phone.close();
	}, 120_000);

	it('a supervisor’s pause on a clock the rules do not let pause is refused by the guard, naming the rule', async () => {
		const [item] = await db.sql<{ id: string }[]>`
			select i.id::text from petition_item i where clock = 'conclude' and status in ('accepted', 'handling') and region like '37%' order by light = 'red' desc, id limit 1`;
		const events = async () => (await db.sql`select count(*)::int as n from petition_event where item_id = ${item.id}`)[0].n;
		const before = await events();
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'ducha', `/items/${item.id}`);
		// the page says why instead of offering the form (neither on the clock panel nor in 办理) …
		expect(await page.textContent('[data-pause-blocked]')).toContain('办结期限不可中止：时限规则只允许中止复核办理期限');
		expect(await page.locator('form[action="?/pauseStart"]').count()).toBe(0);
		expect(await page.locator('.clocks form').count()).toBe(0);
		// … and the lifecycle's action refuses the same way when posted anyway
		const post = (action: string) =>
			page.evaluate(async (url) => {
				const body = new FormData();
				body.set('reason', '举行听证');
				const response = await fetch(url, { method: 'POST', body, headers: { 'x-sveltekit-action': 'true' } });
				return [response.status, await response.text()] as const;
			}, `${server.url}/items/${item.id}?/${action}`);
		const refused = await post('pauseStart');
		expect(refused[0]).toBe(200); // SvelteKit answers an enhanced action with 200 and the failure inside
		expect(refused[1]).toContain('【可中止的时限（听证时间不计入，《信访条例》第35条）】办结期限不可中止');
		expect(refused[1]).toContain('409');
		// the old direct-write action is gone
		const old = await post('pause');
		expect(old[1]).not.toContain('"type":"success"');
		expect(old[0] === 200 ? old[1] : String(old[0])).toMatch(/404|405|No action/);
		expect((await db.sql`select count(*)::int as n from clock_pause where item_id = ${item.id}`)[0].n).toBe(0);
		expect(await events()).toBe(before);
		await page.screenshot({ path: `${SHOTS}item-clock-guard-1920x1080.png`, fullPage: true });
		await page.close();
	}, 60_000);
});
