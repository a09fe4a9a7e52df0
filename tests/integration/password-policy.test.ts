import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/lib/server/auth/audit.ts';
import { hashPassword, verifyPassword } from '../../src/lib/server/auth/password.ts';
import { isRecentPassword, replacePassword } from '../../src/lib/server/auth/password-history.ts';
import { createSession, generateSessionToken, validateSessionToken, type SessionUser } from '../../src/lib/server/auth/session.ts';
import { signInHistory } from '../../src/lib/server/auth/sign-ins.ts';
import { unmaskAlertsFor, watchUnmask } from '../../src/lib/server/auth/unmask-watch.ts';
import { transaction } from '../../src/lib/server/db/connection.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { seedRegions } from '../support/fixtures.ts';

const MINUTE = 60_000;

describe('password policy, session idle timeout, sign-in history and watched unmasking (real Postgres)', () => {
	let db: TestDatabase;
	let serial = 0;

	beforeAll(async () => {
		db = await createTestDatabase();
		await seedRegions(db.sql);
	});
	afterAll(async () => {
		await db?.drop();
	});

	async function makeUser(password = 'Start-2026-pw', scope = '370100') {
		const username = `policy.user${++serial}`;
		const [row] = await db.sql<{ id: number }[]>`
			insert into app_user (username, display_name, password_hash, role, scope_region)
			values (${username}, ${'测试' + serial}, ${await hashPassword(password)}, 'leader', ${scope}) returning id`;
		return { id: row.id, username };
	}

	it('refuses the last five passwords (the current one and four before it) and keeps only those', async () => {
		const user = await makeUser('Passw0rd-1');
		for (let i = 2; i <= 7; i++) await transaction(db.sql, (tx) => replacePassword(tx, user.id, hashed[i], false));
		// current: 7; history: 6, 5, 4, 3 — password 2 and 1 have left the window
		for (const i of [3, 4, 5, 6, 7]) expect(await isRecentPassword(db.sql, user.id, `Passw0rd-${i}`), `password ${i}`).toBe(true);
		for (const i of [1, 2]) expect(await isRecentPassword(db.sql, user.id, `Passw0rd-${i}`), `password ${i}`).toBe(false);
		expect(await isRecentPassword(db.sql, user.id, 'Never-used-2026')).toBe(false);
		const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from password_history where user_id = ${user.id}`;
		expect(n).toBe(4);
		const [stored] = await db.sql<{ hash: string }[]>`select password_hash as hash from app_user where id = ${user.id}`;
		expect(await verifyPassword(stored.hash, 'Passw0rd-7')).toBe(true);
		// no plaintext anywhere: every history row is an argon2id hash
		const hashes = await db.sql<{ h: string }[]>`select password_hash as h from password_history`;
		for (const { h } of hashes) expect(h).toMatch(/^\$argon2id\$/);
	});

	it('an administrator’s password requires a change; the owner’s own change clears it and stamps the time', async () => {
		const user = await makeUser();
		await transaction(db.sql, (tx) => replacePassword(tx, user.id, hashed[8], true));
		let [row] = await db.sql`select password_change_required as required, password_changed_at as at from app_user where id = ${user.id}`;
		expect(row).toEqual({ required: true, at: null });
		await transaction(db.sql, (tx) => replacePassword(tx, user.id, hashed[9], false));
		[row] = await db.sql`select password_change_required as required, password_changed_at as at from app_user where id = ${user.id}`;
		expect(row.required).toBe(false);
		expect(row.at).toBeInstanceOf(Date);
	});

	it('a person’s session ends after the idle timeout setting; a display’s keeps its own', async () => {
		const user = await makeUser();
		const t0 = new Date('2026-06-01T02:00:00Z');
		const at = (ms: number) => new Date(t0.getTime() + ms);
		const idleMs = 30 * MINUTE;
		const token = generateSessionToken();
		const session = await createSession(db.sql, token, { id: user.id, role: 'leader' }, { idleMs }, t0);
		expect(session.expiresAt).toEqual(at(30 * MINUTE));
		// active: renewed past half the window, so working on never ends it
		const renewed = await validateSessionToken(db.sql, token, at(20 * MINUTE), idleMs);
		expect(renewed.session?.expiresAt).toEqual(at(50 * MINUTE));
		// then idle for the whole setting: gone
		expect((await validateSessionToken(db.sql, token, at(50 * MINUTE), idleMs)).session).toBeNull();

		const [screen] = await db.sql<{ id: number }[]>`
			insert into app_user (username, display_name, password_hash, role, scope_region, screen_name)
			values ('policy.screen', '测试大屏', 'x', 'display', '370100', '测试大屏') returning id`;
		const wall = await createSession(db.sql, generateSessionToken(), { id: screen.id, role: 'display' }, { idleMs }, t0);
		expect(wall.expiresAt).toEqual(at(30 * 24 * 60 * MINUTE));
	});

	it('the sign-in history: the person’s own sign-ins, sign-outs and failed attempts on their name, newest first, at most 50', async () => {
		const me = await makeUser();
		const other = await makeUser();
		await audit(db.sql, { userId: me.id, username: me.username, action: 'auth.sign_in', detail: { userAgent: 'Mozilla/5.0 Firefox/128.0' }, ip: '10.0.0.1' });
		await audit(db.sql, { username: me.username, action: 'auth.sign_in_failed', detail: { userAgent: 'curl/8' }, ip: '203.0.113.9' });
		await audit(db.sql, { userId: other.id, username: other.username, action: 'auth.sign_in', ip: '10.0.0.2' });
		await audit(db.sql, { username: other.username, action: 'auth.sign_in_failed', ip: '10.0.0.2' });
		await audit(db.sql, { userId: me.id, username: me.username, action: 'personal.unmask', ip: '10.0.0.1' }); // not a sign-in
		await audit(db.sql, { userId: me.id, username: me.username, action: 'auth.sign_out', ip: '10.0.0.1' });
		const rows = await signInHistory(db.sql, { userId: me.id, username: me.username });
		expect(rows.map((r) => [r.action, r.ip, r.userAgent])).toEqual([
			['auth.sign_out', '10.0.0.1', null],
			['auth.sign_in_failed', '203.0.113.9', 'curl/8'],
			['auth.sign_in', '10.0.0.1', 'Mozilla/5.0 Firefox/128.0']
		]);
		for (let i = 0; i < 55; i++) await audit(db.sql, { userId: me.id, username: me.username, action: 'auth.sign_in', ip: `10.0.1.${i}` });
		const latest = await signInHistory(db.sql, { userId: me.id, username: me.username });
		expect(latest).toHaveLength(50);
		expect(latest[0].ip).toBe('10.0.1.54');
	});

	it('unmasking unusually many in an hour raises one alert (audit + webhook notice) and shows on the status list within scope', async () => {
		const busy = await makeUser('Start-2026-pw', '370100');
		const user: SessionUser = { userId: busy.id, username: busy.username, role: 'leader', scope: '370100', unitId: null, displayName: '测试领导', screenName: null };
		for (let i = 0; i < 29; i++) await audit(db.sql, { userId: busy.id, username: busy.username, action: 'personal.unmask', target: String(i), ip: '10.0.0.5' });
		expect(await watchUnmask(db.sql, user, '10.0.0.5', 'https://sms.example.gov.cn/hook')).toBe(false);
		expect(await unmaskAlertsFor(db.sql, '370000')).toEqual([]);
		await audit(db.sql, { userId: busy.id, username: busy.username, action: 'personal.unmask', target: '29', ip: '10.0.0.5' });
		expect(await watchUnmask(db.sql, user, '10.0.0.5', 'https://sms.example.gov.cn/hook')).toBe(true);
		expect(await watchUnmask(db.sql, user, '10.0.0.5', 'https://sms.example.gov.cn/hook')).toBe(false); // once an hour
		const alerts = await db.sql`select detail from audit_log where action = 'personal.unmask_alert' and user_id = ${busy.id}`;
		expect(alerts).toHaveLength(1);
		expect(alerts[0].detail).toMatchObject({ lastHour: 30, limited: 0, line: 30 });
		const notices = await db.sql`select channel, target, subject, body from notification where body ->> 'event' = 'personal.unmask_alert'`;
		expect(notices).toHaveLength(1);
		expect(notices[0]).toMatchObject({ channel: 'webhook', target: 'https://sms.example.gov.cn/hook', body: { username: busy.username, lastHour: 30 } });
		expect(notices[0].body.text).toContain('一小时内查看 30 次');
		const shown = await unmaskAlertsFor(db.sql, '370000');
		expect(shown.map((a) => [a.username, a.lastHour])).toEqual([[busy.username, 30]]);
		expect(await unmaskAlertsFor(db.sql, '370200')).toEqual([]); // another city's admin does not see it
	});

	it('a refusal by the per-minute limit alerts too, without a webhook configured', async () => {
		const pushy = await makeUser('Start-2026-pw', '370102');
		const user: SessionUser = { userId: pushy.id, username: pushy.username, role: 'leader', scope: '370102', unitId: null, displayName: '测试', screenName: null };
		await audit(db.sql, { userId: pushy.id, username: pushy.username, action: 'personal.unmask_limited', ip: '10.0.0.6' });
		const before = (await db.sql`select count(*)::int as n from notification`)[0].n;
		expect(await watchUnmask(db.sql, user, '10.0.0.6', undefined)).toBe(true);
		expect((await db.sql`select count(*)::int as n from notification`)[0].n).toBe(before);
		const shown = await unmaskAlertsFor(db.sql, '370100');
		expect(shown.find((a) => a.username === pushy.username)?.why).toBe('触及每分钟上限被拒 1 次');
	});
});

// argon2id is slow on purpose: the hashes these tests set, made once
const hashed: Record<number, string> = {};
beforeAll(async () => {
	for (let i = 1; i <= 9; i++) hashed[i] = await hashPassword(`Passw0rd-${i}`);
});
