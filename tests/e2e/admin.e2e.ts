import { io } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPetitioner } from '../../src/lib/server/intake/petitioners.ts';
import { auditSince, fingerprint, form, send, signInCookie } from '../support/admin-client.ts';
import { DEMO_PASSWORD, signIn } from '../support/auth.ts';
import { waitFor } from '../support/fixtures.ts';
import { SHOTS, useStack } from '../support/stack.ts';

const NEW_PASSWORD = 'Chushi-2026mima';
const REASON = { reason: 'contact', note: '电话告知受理结果' };

describe('admin: accounts, audit log, one petition item', () => {
	// a distinct address per sign-in keeps the per-address sign-in limit out of these tests
	const { db, server, browser } = useStack({ items: 2000, seed: 'admin', env: { ADDRESS_HEADER: 'x-forwarded-for' }, browser: true });
	let admin: string;
	const idOf = async (username: string) => (await db.sql<{ id: number }[]>`select id from app_user where username = ${username}`)[0].id;
	const sessionsOf = async (username: string) =>
		(await db.sql<{ n: number }[]>`select count(*)::int as n from user_session s join app_user u on u.id = s.user_id where u.username = ${username}`)[0].n;
	const act = (path: string, cookie: string | null, fields: Record<string, string>) => send(server.url, path, { cookie, body: form(fields) });
	const page = (path: string, cookie: string | null) => send(server.url, path, { cookie });

	beforeAll(async () => {
		admin = (await signInCookie(server.url, 'admin', DEMO_PASSWORD, '10.1.0.1'))!;
	});

	it('creates an account of each role within the scope, audited without the password', async () => {
		const [unit] = await db.sql<{ id: number }[]>`select id from unit where region = '370102' order by id limit 1`;
		const accounts: Record<string, string>[] = [
			{ username: 'wang.wu', displayName: '王五', role: 'leader', scope: '370102' },
			{ username: 'lixia.renshe', displayName: '历下区人社局承办人', role: 'unit', scope: '370102', unitId: String(unit.id) },
			{ username: 'lixia.dapin', displayName: '历下区指挥中心', role: 'display', scope: '370102', screenName: '历下区指挥中心大屏' }
		];
		const before = await fingerprint(db.sql);
		for (const account of accounts) {
			const result = await act('/admin/users?/create', admin, { ...account, password: NEW_PASSWORD });
			expect(result.type, result.message).toBe('success');
			expect(result.message).toContain(account.username);
		}
		const rows = await db.sql`
			select username, role, scope_region as scope, unit_id as "unitId", screen_name as "screenName"
			  from app_user where username = any(${accounts.map((a) => a.username)}) order by id`;
		expect(rows).toEqual([
			{ username: 'wang.wu', role: 'leader', scope: '370102', unitId: null, screenName: null },
			{ username: 'lixia.renshe', role: 'unit', scope: '370102', unitId: unit.id, screenName: null },
			{ username: 'lixia.dapin', role: 'display', scope: '370102', unitId: null, screenName: '历下区指挥中心大屏' }
		]);
		const entries = await auditSince(db.sql, before.lastAudit, ['user.create']);
		expect(entries.map((e) => e.target)).toEqual(accounts.map((a) => a.username));
		expect(JSON.stringify(entries)).not.toContain(NEW_PASSWORD);
		// the admin knows the first password: each new account must choose its own before anything else
		const first = (await signInCookie(server.url, 'wang.wu', NEW_PASSWORD, '10.1.0.2'))!;
		expect(first).toBeTruthy();
		const held = await page('/screen/snapshot.json', first);
		expect(held.status).toBe(403);
		expect(held.raw).toContain('请先修改密码');
		const required = await db.sql`select username from app_user where password_change_required and username = any(${accounts.map((a) => a.username)}) order by id`;
		expect(required.map((r) => r.username)).toEqual(accounts.map((a) => a.username));
		// (the change itself is hardening.e2e's: here the accounts go on as if they had made it)
		await db.sql`update app_user set password_change_required = false where username = any(${accounts.map((a) => a.username)})`;
	});

	it('refuses a second account with the same username: a 409 and still one row', async () => {
		const fields = { username: 'wang.wu', displayName: '另一个王五', role: 'leader', scope: '370102', password: NEW_PASSWORD };
		const result = await act('/admin/users?/create', admin, fields);
		expect(result.status).toBe(409);
		expect(result.data).toMatchObject({ field: 'username', message: '用户名 wang.wu 已被使用' });
		expect((await db.sql`select 1 from app_user where username = 'wang.wu'`).length).toBe(1);
	});

	it('creates a 责任单位 in scope, audited; refuses another province, a duplicate and hidden characters', async () => {
		const units = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from unit`)[0].n;
		const before = await units();
		const fields = { name: '济南市历下区𠮷祥街道党工委', region: '370102', kind: 'party', sector: '乡镇街道' };
		const made = await act('/admin/users?/createUnit', admin, fields);
		expect(made.status).toBe(200);
		const [row] = await db.sql`select kind, sector from unit where name = ${fields.name} and region = '370102'`;
		expect(row).toMatchObject({ kind: 'party', sector: '乡镇街道' });
		const [entry] = await db.sql`select target from audit_log where action = 'unit.create' order by id desc limit 1`;
		expect(entry.target).toBe(fields.name);
		const refusals: [Record<string, string>, number, string][] = [
			[fields, 409, 'name'],
			[{ ...fields, name: '河南省某局', region: '410100' }, 400, 'region'],
			[{ ...fields, name: '某\u202E局' }, 400, 'name'],
			[{ ...fields, name: '新单位', kind: 'army' }, 400, 'kind'],
			[{ ...fields, name: '甲' }, 400, 'name']
		];
		for (const [input, status, field] of refusals) {
			const result = await act('/admin/users?/createUnit', admin, input);
			expect(result.status, JSON.stringify(input)).toBe(status);
			expect(result.data).toMatchObject({ field });
		}
		expect(await units()).toBe(before + 1);
	});

	it('ends every session of an account at once when its role or scope changes', async () => {
		const cookie = (await signInCookie(server.url, 'wang.wu', NEW_PASSWORD, '10.1.0.3'))!;
		expect((await page('/screen/snapshot.json', cookie)).status).toBe(200);
		const id = String(await idOf('wang.wu'));
		const result = await act('/admin/users?/update', admin, { userId: id, displayName: '王五', role: 'supervisor', scope: '370100' });
		expect(result.type, result.message).toBe('success');
		expect(await sessionsOf('wang.wu')).toBe(0);
		expect((await page('/screen/snapshot.json', cookie)).status).toBe(401); // the old cookie is dead
		const [entry] = await db.sql`select detail from audit_log where action = 'user.update' order by id desc limit 1`;
		expect(entry.detail).toMatchObject({ from: { role: 'leader', scope: '370102' }, to: { role: 'supervisor', scope: '370100' } });
		expect(entry.detail.sessionsEnded).toBe(2); // this sign-in's and the first test's
	});

	it('resets a password: sessions end, the new password works and the old one does not', async () => {
		const cookie = (await signInCookie(server.url, 'wang.wu', NEW_PASSWORD, '10.1.0.4'))!;
		const result = await act('/admin/users?/resetPassword', admin, { userId: String(await idOf('wang.wu')), password: 'Xinmima-2026abc' });
		expect(result.type, result.message).toBe('success');
		expect((await page('/screen/snapshot.json', cookie)).status).toBe(401);
		expect(await signInCookie(server.url, 'wang.wu', NEW_PASSWORD, '10.1.0.5')).toBeNull();
		expect(await signInCookie(server.url, 'wang.wu', 'Xinmima-2026abc', '10.1.0.6')).toBeTruthy();
	});

	it('revokes a display account: its socket drops at once, it cannot sign in, and enabling restores it', async () => {
		const cookie = (await signInCookie(server.url, 'lixia.dapin', NEW_PASSWORD, '10.1.0.7'))!;
		const socket = io(server.url, { transports: ['websocket'], extraHeaders: { cookie, origin: server.url }, reconnection: false, forceNew: true });
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('connect_error', reject);
		});
		const id = String(await idOf('lixia.dapin'));
		expect((await act('/admin/users?/disable', admin, { userId: id })).type).toBe('success');
		await waitFor(() => !socket.connected, 'the display socket is disconnected', 3000);
		expect(await signInCookie(server.url, 'lixia.dapin', NEW_PASSWORD, '10.1.0.8')).toBeNull();
		const again = await act('/admin/users?/disable', admin, { userId: id });
		expect(again.status).toBe(409);
		expect((await act('/admin/users?/enable', admin, { userId: id })).type).toBe('success');
		expect(await signInCookie(server.url, 'lixia.dapin', NEW_PASSWORD, '10.1.0.9')).toBeTruthy();
	});

	it('does not let an admin disable themself or change their own role', async () => {
		const id = String(await idOf('admin'));
		expect((await act('/admin/users?/disable', admin, { userId: id })).data).toMatchObject({ field: 'userId', message: '不能停用自己的账号' });
		const result = await act('/admin/users?/update', admin, { userId: id, displayName: '系统管理员', role: 'leader', scope: '370000' });
		expect(result.status).toBe(400);
		expect(result.message).toContain('不能修改自己的角色');
		expect((await page('/admin/users', admin)).status).toBe(200);
	});

	it('gives a city admin only the accounts within the city', async () => {
		const created = await act('/admin/users?/create', admin, { username: 'jinan.admin', displayName: '济南市管理员', role: 'admin', scope: '370100', password: NEW_PASSWORD });
		expect(created.type, created.message).toBe('success');
		await db.sql`update app_user set password_change_required = false where username = 'jinan.admin'`; // as if changed (see the first test)
		const city = (await signInCookie(server.url, 'jinan.admin', NEW_PASSWORD, '10.1.0.10'))!;
		const list = await page('/admin/users', city);
		expect(list.raw).toContain('data-username="jinan.lingdao"');
		expect(list.raw).toContain('data-username="lixia.xinfang"');
		expect(list.raw).not.toContain('data-username="sheng.lingdao"');
		expect(list.raw).not.toContain('data-username="dapin"');
		const outside = await act('/admin/users?/disable', city, { userId: String(await idOf('dapin')) });
		expect(outside.status).toBe(404);
		const qingdao = await act('/admin/users?/create', city, { username: 'qd.leader', displayName: '青岛', role: 'leader', scope: '370200', password: NEW_PASSWORD });
		expect(qingdao.data).toMatchObject({ field: 'scope', message: '管辖区域超出您的管理范围' });
	});

	it('pages the audit log newest first, filters by action, and keeps it within the scope', async () => {
		await db.sql`
			insert into audit_log (at, user_id, username, action, target)
			select now() - make_interval(mins => n), ${await idOf('sheng.lingdao')}, 'sheng.lingdao', 'access.denied', '/p' || n
			  from generate_series(1, 120) n`;
		const first = await page('/admin/audit?action=access.denied', admin);
		const targets = [...first.raw.matchAll(/<td>\/p(\d+)<\/td>/g)].map((m) => Number(m[1]));
		expect(targets).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
		const third = await page('/admin/audit?action=access.denied&page=3', admin);
		expect([...third.raw.matchAll(/<td>\/p(\d+)<\/td>/g)].length).toBe(20);
		expect(third.raw).not.toContain('下一页');
		await signInCookie(server.url, 'no.such.user', 'wrong-password1', '10.1.0.11');
		expect((await page('/admin/audit?action=auth.sign_in_failed', admin)).raw).toContain('no.such.user');
		const city = (await signInCookie(server.url, 'jinan.admin', NEW_PASSWORD, '10.1.0.12'))!;
		expect((await page('/admin/audit?action=auth.sign_in_failed', city)).raw).not.toContain('no.such.user');
		expect((await page('/admin/audit?action=access.denied', city)).raw).not.toContain('/p1<');
		const bad = await page('/admin/audit?action=drop', city);
		expect(bad.status).toBe(400);
		expect(bad.raw).toContain('操作类型无效');
	});

	it('shows one item masked, unmasks it only for a scoped leader, and logs that', async () => {
		const [row] = await db.sql`
			select i.id::text as id, i.unit_id as "unitId", p.name, p.id_number_enc as "idNumberEnc", p.phone_enc as "phoneEnc" from petition_item i join petitioner p on p.id = i.petitioner_id
			 where i.region = '370102' and p.id_number_enc is not null and p.phone_enc is not null order by i.id limit 1`;
		// stored sealed (SM4); the server shares the tests' key, so this process can open them to compare
		const opened = openPetitioner({ idNumberEnc: row.idNumberEnc, phoneEnc: row.phoneEnc });
		const own = { id: row.id, unitId: row.unitId, name: row.name, id_number: opened.idNumber!, phone: opened.phone! };
		const [other] = await db.sql`select id::text as id from petition_item where region = '370102' and unit_id <> ${own.unitId} limit 1`;
		// the demo's 历下区 unit account works for the unit that handles this item
		await db.sql`update app_user set unit_id = ${own.unitId} where username = 'lixia.xinfang'`;
		const [qingdao] = await db.sql`select id::text as id from petition_item where region like '3702%' and petitioner_id is not null limit 1`;
		const leader = (await signInCookie(server.url, 'sheng.lingdao', DEMO_PASSWORD, '10.1.0.13'))!;
		const view = await page(`/items/${own.id}`, leader);
		expect(view.status).toBe(200);
		for (const secret of [own.name, own.id_number, own.phone]) expect(view.raw).not.toContain(secret);
		expect(view.raw).toContain(`${own.id_number.slice(0, 3)}***********${own.id_number.slice(-4)}`);
		const before = await fingerprint(db.sql);
		// a reason is required, from the list, with the person's own words; refused without, nothing logged
		const bare = await send(server.url, `/items/${own.id}?/unmask`, { cookie: leader, body: form({}) });
		expect([bare.status, bare.data.field, bare.data.unmasked]).toEqual([400, 'reason', undefined]);
		const vague = await send(server.url, `/items/${own.id}?/unmask`, { cookie: leader, body: form({ reason: 'contact', note: '看' }) });
		expect([vague.status, vague.data.field]).toEqual([400, 'note']);
		expect(await auditSince(db.sql, before.lastAudit, ['personal.unmask'])).toHaveLength(0);
		const unmasked = await send(server.url, `/items/${own.id}?/unmask`, { cookie: leader, body: form(REASON) });
		expect(unmasked.data.unmasked).toEqual({ name: own.name, idNumber: own.id_number, phone: own.phone });
		const logged = await auditSince(db.sql, before.lastAudit, ['personal.unmask']);
		expect(logged).toMatchObject([{ target: own.id }]);
		const [entry] = await db.sql`select detail from audit_log where action = 'personal.unmask' order by id desc limit 1`;
		expect(entry.detail).toMatchObject({ reason: 'contact', reasonLabel: '联系信访人', note: '电话告知受理结果' });
		// no right, or no scope: refused, and nothing is logged as an unmasking
		expect((await send(server.url, `/items/${own.id}?/unmask`, { cookie: admin, body: form(REASON) })).status).toBe(403);
		const city = (await signInCookie(server.url, 'jinan.lingdao', DEMO_PASSWORD, '10.1.0.14'))!;
		expect((await page(`/items/${qingdao.id}`, city)).status).toBe(404);
		expect((await send(server.url, `/items/${qingdao.id}?/unmask`, { cookie: city, body: form(REASON) })).status).toBe(404);
		const unitUser = (await signInCookie(server.url, 'lixia.xinfang', DEMO_PASSWORD, '10.1.0.15'))!;
		expect((await page(`/items/${own.id}`, unitUser)).status).toBe(200);
		expect((await page(`/items/${other.id}`, unitUser)).status).toBe(404);
		expect(await auditSince(db.sql, before.lastAudit, ['personal.unmask'])).toHaveLength(1);

		// 按身份证号/电话查找: by the blind index, POSTed (the number stays out of URLs), logged without the number
		type Found = { search: { by: string; items: { id: string }[] } };
		const ids = (found: { data: Record<string, unknown> }) => (found.data as Found).search.items.map((i) => String(i.id));
		const byId = await send(server.url, '/items?/search', { cookie: leader, body: form({ petitioner: own.id_number }) });
		expect(byId.status).toBe(200);
		expect(ids(byId)).toContain(own.id);
		const byPhone = await send(server.url, '/items?/search', { cookie: leader, body: form({ petitioner: own.phone }) });
		expect(byPhone.status).toBe(200);
		expect(ids(byPhone)).toContain(own.id);
		const searches = await auditSince(db.sql, before.lastAudit, ['personal.search']);
		expect(searches.map((a) => a.detail.by)).toEqual(['idNumber', 'phone']);
		expect(searches.every((a) => (a.detail.found as number) >= 1)).toBe(true);
		expect(JSON.stringify(searches)).not.toContain(own.id_number);
		expect(JSON.stringify(searches)).not.toContain(own.phone);
		const bad = await send(server.url, '/items?/search', { cookie: leader, body: form({ petitioner: '12345' }) });
		expect(bad.status).toBe(400);
		expect(bad.message).toBe('请输入 18 位身份证号或 11 位手机号码');
		// scope holds: 青岛's items stay out of a 济南 leader's results, found by the same number
		const [q] = await db.sql<{ idNumberEnc: Buffer; phoneEnc: Buffer }[]>`
			select p.id_number_enc as "idNumberEnc", p.phone_enc as "phoneEnc" from petition_item i join petitioner p on p.id = i.petitioner_id where i.id = ${qingdao.id}`;
		const qingdaoPerson = openPetitioner(q);
		expect(ids(await send(server.url, '/items?/search', { cookie: city, body: form({ petitioner: qingdaoPerson.idNumber! }) }))).not.toContain(qingdao.id);
		expect(ids(await send(server.url, '/items?/search', { cookie: leader, body: form({ petitioner: qingdaoPerson.idNumber! }) }))).toContain(qingdao.id);
		// a watched privilege: 20 a minute, then refused (429) and the refusal logged
		const mark = await fingerprint(db.sql);
		const outcomes = [];
		for (let i = 0; i < 21; i++) outcomes.push((await send(server.url, '/items?/search', { cookie: unitUser, body: form({ petitioner: own.phone }) })).status);
		expect(outcomes).toEqual([...Array(20).fill(200), 429]);
		expect((await auditSince(db.sql, mark.lastAudit, ['personal.search_limited'])).map((a) => a.detail.lastMinute)).toEqual([20]);
		// the server's log (stdout and stderr) never printed a number it sealed, unmasked or searched for
		for (const secret of [own.id_number, own.phone, qingdaoPerson.idNumber!]) expect(server.output()).not.toContain(secret);
	});

	it('looks right at 1920×1080 (screenshots)', async () => {
		const shot = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await shot.setExtraHTTPHeaders({ 'x-forwarded-for': '10.1.0.20' });
		const errors: string[] = [];
		shot.on('pageerror', (e) => errors.push(e.message));
		await signIn(shot, server.url, 'admin', '/admin/users');
		await shot.screenshot({ path: `${SHOTS}admin-users-1920x1080.png` });
		await shot.click('tr[data-username="lixia.renshe"] button');
		await shot.waitForSelector('text=编辑 lixia.renshe');
		await shot.screenshot({ path: `${SHOTS}admin-users-edit-1920x1080.png` });
		await shot.goto(`${server.url}/admin/audit`);
		await shot.screenshot({ path: `${SHOTS}admin-audit-1920x1080.png` });
		await shot.context().clearCookies();
		const [item] = await db.sql`select i.id::text as id from petition_item i where i.status = 'concluded' and i.petitioner_id is not null order by i.id limit 1`;
		await signIn(shot, server.url, 'sheng.lingdao', `/items/${item.id}`);
		await shot.screenshot({ path: `${SHOTS}item-1920x1080.png` });
		// the reason first: the list and the person's words (the browser's own check holds an empty one back)
		await shot.selectOption('select[name=reason]', 'identity');
		await shot.fill('input[name=note]', '核实来访人身份');
		await shot.screenshot({ path: `${SHOTS}item-unmask-reason-1920x1080.png` });
		await shot.click('button:has-text("查看完整信息")');
		await shot.waitForSelector('text=本次查看已记录');
		const [reasoned] = await db.sql`select detail from audit_log where action = 'personal.unmask' order by id desc limit 1`;
		expect(reasoned.detail).toMatchObject({ reason: 'identity', reasonLabel: '核实身份', note: '核实来访人身份' });
		await shot.screenshot({ path: `${SHOTS}item-unmasked-1920x1080.png` });
		const [sealed] = await db.sql<{ idNumberEnc: Buffer; phoneEnc: Buffer | null }[]>`
			select p.id_number_enc as "idNumberEnc", p.phone_enc as "phoneEnc" from petition_item i join petitioner p on p.id = i.petitioner_id where i.id = ${item.id}`;
		await shot.goto(`${server.url}/items`);
		await shot.fill('input[name=petitioner]', openPetitioner(sealed).idNumber!);
		await shot.click('form.find button');
		await shot.waitForSelector('text=查找已记录');
		expect(await shot.locator(`a[href="/items/${item.id}"]`).count()).toBe(1);
		await shot.screenshot({ path: `${SHOTS}items-search-1920x1080.png` });
		expect(errors).toEqual([]);
		await shot.close();
	});
});
