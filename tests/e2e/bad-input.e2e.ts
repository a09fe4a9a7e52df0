import { beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/lib/server/intake/api-clients.ts';
import { auditSince, fingerprint, form, isChinese, send, signInCookie } from '../support/admin-client.ts';
import { buildCorpus, type Case, type Ctx, type Who } from '../support/bad-input-cases.ts';
import { DEMO_PASSWORD, openReady } from '../support/auth.ts';
import { useStack } from '../support/stack.ts';

const corpus = buildCorpus();
const title = (c: Case) => `${c.knownBug ? 'KNOWN BUG, still fails: ' : ''}${c.expect === 'accept' ? 'accepts' : 'refuses'} · ${c.category} · ${c.name}`;
const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">';

describe('bad-input corpus: refused with a clear 4xx and nothing written, or stored verbatim', () => {
	const { db, server, browser, start } = useStack({ items: 2000, seed: 'admin', start: false, browser: true });
	const cookies = {} as Record<Who, string | null>;
	const ctx = { ids: {} } as Ctx;
	const one = async (query: Promise<{ id: string }[]>) => String((await query)[0].id);

	beforeAll(async () => {
		// a real region outside the demo province: out of the province admin's scope
		await db.sql`insert into region (adcode, name, level, parent, path) values ('410000', '河南省', 'province', null, '{410000}')`;
		await start({ ADDRESS_HEADER: 'x-forwarded-for' });
		const signIn = (username: string, password = DEMO_PASSWORD) => signInCookie(server.url, username, password, `10.2.0.${username.length}`);
		cookies.nobody = null;
		cookies.admin = await signIn('admin');
		const city = { username: 'jinan.admin', displayName: '济南市管理员', role: 'admin', scope: '370100', password: 'Ceshi-2026mima' };
		expect((await send(server.url, '/admin/users?/create', { cookie: cookies.admin, body: form(city) })).type).toBe('success');
		// a new account must change the admin's password first (hardening.e2e.ts): here, as if it had
		await db.sql`update app_user set password_change_required = false where username = 'jinan.admin'`;
		cookies.city = await signIn('jinan.admin', city.password);
		cookies.leader = await signIn('sheng.lingdao');
		cookies.cityLeader = await signIn('jinan.lingdao');
		cookies.unit = await signIn('lixia.xinfang');
		cookies.display = await signIn('dapin');
		// a 济南 supervisor of its own: the account cases disable and re-enable jinan.ducha, ending its sessions
		const supervisor = { username: 'corpus.ducha', displayName: '济南市督查', role: 'supervisor', scope: '370100', password: 'Ceshi-2026mima' };
		expect((await send(server.url, '/admin/users?/create', { cookie: cookies.admin, body: form(supervisor) })).type).toBe('success');
		await db.sql`update app_user set password_change_required = false where username = 'corpus.ducha'`;
		cookies.supervisor = await signIn('corpus.ducha', supervisor.password);
		expect(Object.values(cookies).filter(Boolean)).toHaveLength(7);
		const sql = db.sql;
		ctx.ids = {
			victim: await one(sql`select id from app_user where username = 'lixia.lingdao'`),
			victim2: await one(sql`select id from app_user where username = 'jinan.ducha'`),
			outsider: await one(sql`select id from app_user where username = 'dapin'`),
			self: await one(sql`select id from app_user where username = 'admin'`),
			unitLixia: await one(sql`select id from unit where region = '370102' order by id limit 1`),
			unitShizhong: await one(sql`select id from unit where region = '370103' order by id limit 1`),
			unitQingdao: await one(sql`select id from unit where region like '3702%' order by id limit 1`),
			item: await one(sql`select id from petition_item where region like '3701%' and petitioner_id is not null order by id limit 1`),
			itemQingdao: await one(sql`select id from petition_item where region like '3702%' order by id limit 1`),
			// an upstream system of 济南 (its token), and an API client of the whole province
			apiToken: (await createApiClient(sql, { name: 'corpus.jinan', source: '12345', scope: '370100' }, Number(await one(sql`select id from app_user where username = 'admin'`)))).token,
			clientProvince: String((await createApiClient(sql, { name: 'corpus.province', source: 'national', scope: '370000' }, Number(await one(sql`select id from app_user where username = 'admin'`)))).id),
			itemOtherUnit: await one(sql`
				select i.id from petition_item i, app_user u
				 where u.username = 'lixia.xinfang' and i.region = '370102' and i.unit_id is distinct from u.unit_id order by i.id limit 1`)
		};
	});

	it('is large enough', () => {
		const byCategory = Object.entries(Object.groupBy(corpus, (c) => c.category)).map(([k, v]) => `${k} ${v!.length}`);
		console.log(`bad-input corpus: ${corpus.length} cases (${corpus.filter((c) => c.expect === 'refuse').length} refused, ${corpus.filter((c) => c.expect === 'accept').length} accepted) — ${byCategory.join(', ')}`);
		expect(corpus.length).toBeGreaterThanOrEqual(200);
	});

	function request(c: Case, index: number) {
		const path = typeof c.path === 'function' ? c.path(ctx) : c.path;
		const spec = typeof c.body === 'function' ? c.body(ctx) : c.body;
		const raw = spec && !Array.isArray(spec) && 'raw' in spec ? (spec as { raw: BodyInit; type?: string }) : null;
		const body = raw ? raw.raw : spec === undefined ? undefined : form(spec as Record<string, string>);
		// each case from its own address, so the sign-in limit per address does not decide the answer
		const ip = `10.3.${index >> 8}.${index & 255}`;
		return send(server.url, path, { cookie: cookies[c.who], body, contentType: raw?.type, origin: c.noOrigin ? null : c.origin, ip, headers: c.headers?.(ctx) });
	}

	it.each(corpus.map((c, i) => [title(c), c, i] as const))('%s', async (_, c, index) => {
		if (!c.knownBug) return check(c, index);
		console.warn(`known bug: ${c.knownBug}`);
		await expect(check(c, index), 'fixed? drop knownBug from this case').rejects.toThrow();
	});

	async function check(c: Case, index: number) {
		const before = await fingerprint(db.sql);
		const result = await request(c, index);
		const said = result.message.slice(0, 300);
		if (c.expect === 'accept') {
			if (c.json) expect([200, 201], said).toContain(result.status);
			else expect(result.type, said).toBe('success');
			if (c.stores) {
				const [row] = await db.sql`select display_name from app_user where username = ${c.stores.username}`;
				expect(row.display_name).toBe(c.stores.displayName);
			}
			return;
		}
		expect(result.status, said).toBeGreaterThanOrEqual(400);
		expect(result.status, said).toBeLessThan(500);
		if (c.status) expect(result.status, said).toBe(c.status);
		if (!c.kit) expect(isChinese(result.message), `not Chinese: ${said}`).toBe(true);
		if (c.says) expect(result.message).toContain(c.says);
		if (c.field) expect(result.data.field, said).toBe(c.field);
		const after = await fingerprint(db.sql);
		expect({ ...after, lastAudit: '' }).toEqual({ ...before, lastAudit: '' });
		const logged = (await auditSince(db.sql, before.lastAudit)).map((e) => e.action);
		expect(logged.filter((action) => !(c.mayLog ?? []).includes(action))).toEqual([]);
	}

	it('left one account per username and every table in place', async () => {
		const [{ twice }] = await db.sql`select count(*)::int as twice from app_user where username = 'corpus.twice'`;
		expect(twice).toBe(1);
		const [{ tables }] = await db.sql`select count(*)::int as tables from pg_tables where tablename in ('app_user', 'user_session', 'audit_log', 'petition_item')`;
		expect(tables).toBe(4);
	});

	it('renders stored hostile text as text: no script runs (Playwright)', async () => {
		const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, extraHTTPHeaders: { 'x-forwarded-for': '10.5.0.1' } });
		await context.addCookies([{ name: 'lw_session', value: cookies.admin!.split('=')[1], url: server.url }]);
		const page = await context.newPage();
		const dialogs: string[] = [];
		page.on('dialog', (d) => {
			dialogs.push(d.message());
			void d.dismiss();
		});
		await openReady(page, `${server.url}/admin/users`);
		await page.fill('input[name=username]', 'xss.probe');
		await page.fill('input[name=displayName]', HOSTILE_NAME);
		await page.fill('input[name=password]', 'Ceshi-2026mima');
		await page.click('button:has-text("创建账号")');
		await page.waitForSelector('text=已创建账号 xss.probe');
		const [row] = await db.sql`select display_name from app_user where username = 'xss.probe'`;
		expect(row.display_name).toBe(HOSTILE_NAME);
		for (const path of ['/admin/users', '/admin/audit']) {
			await page.goto(`${server.url}${path}`);
			expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
			expect(await page.locator('main img').count()).toBe(0);
			expect(await page.locator('main').textContent()).toContain(path === '/admin/users' ? HOSTILE_NAME : 'window.__pwned=1');
		}
		// the corpus stored <script> and <img onerror> display names too: they render as text as well
		await page.goto(`${server.url}/admin/users`);
		expect(await page.locator('main').textContent()).toContain('<script>alert(1)</script>');
		await page.screenshot({ path: new URL('../../test-results/admin-users-hostile-1920x1080.png', import.meta.url).pathname, fullPage: true });
		expect(dialogs).toEqual([]);
		await context.close();
	});
});
