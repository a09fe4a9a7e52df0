import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/lib/domain/access.ts';
import { audit } from '../../src/lib/server/auth/audit.ts';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	invalidateUserSessions,
	validateSessionToken
} from '../../src/lib/server/auth/session.ts';
import { connect } from '../../src/lib/server/db/connection.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { seedRegions } from '../support/fixtures.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const T0 = new Date('2026-03-02T01:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('sessions (token in the cookie, SHA-256 in the database, sliding + absolute expiry)', () => {
	let db: TestDatabase;
	let serial = 0;

	beforeAll(async () => {
		db = await createTestDatabase();
		await seedRegions(db.sql);
	});
	afterAll(async () => {
		await db?.drop();
	});

	async function makeUser(role: Role = 'leader', scope = '370100') {
		const username = `user${++serial}.${role}`;
		const [row] = await db.sql<{ id: number }[]>`
			insert into app_user (username, display_name, password_hash, role, scope_region, screen_name)
			values (${username}, ${'测试' + serial}, 'not-a-real-hash', ${role}, ${scope}, ${role === 'display' ? '测试大屏' : null})
			returning id`;
		return { id: row.id, role, username, scope };
	}

	async function newSession(role: Role = 'leader', now = T0) {
		const user = await makeUser(role);
		const token = generateSessionToken();
		const session = await createSession(db.sql, token, user, { ip: '10.0.0.1', userAgent: 'vitest' }, now);
		return { user, token, session };
	}

	const stored = async (id: string) =>
		(await db.sql<{ expiresAt: Date; absoluteExpiresAt: Date }[]>`
			select expires_at as "expiresAt", absolute_expires_at as "absoluteExpiresAt" from user_session where id = ${id}`)[0];

	it('a fresh session is valid and names its user, role and scope', async () => {
		const { user, token, session } = await newSession('leader');
		expect(session.expiresAt).toEqual(at(12 * HOUR));
		expect(session.absoluteExpiresAt).toEqual(at(7 * DAY));
		const result = await validateSessionToken(db.sql, token, at(HOUR));
		expect(result.session?.id).toBe(session.id);
		expect(result.user).toMatchObject({ userId: user.id, username: user.username, role: 'leader', scope: '370100', unitId: null });
		expect(result.session?.expiresAt).toEqual(at(12 * HOUR)); // not renewed: more than half the window is left
		expect((await stored(session.id)).expiresAt).toEqual(at(12 * HOUR));
	});

	it('slides only after half the window has passed', async () => {
		const { token, session } = await newSession();
		const early = await validateSessionToken(db.sql, token, at(6 * HOUR - 1000));
		expect(early.session?.expiresAt).toEqual(at(12 * HOUR));
		expect((await stored(session.id)).expiresAt).toEqual(at(12 * HOUR));

		const later = at(6 * HOUR + 1000);
		const renewed = await validateSessionToken(db.sql, token, later);
		expect(renewed.session?.expiresAt).toEqual(new Date(later.getTime() + 12 * HOUR));
		expect((await stored(session.id)).expiresAt).toEqual(new Date(later.getTime() + 12 * HOUR));
		expect((await stored(session.id)).absoluteExpiresAt).toEqual(at(7 * DAY)); // the absolute limit never moves
	});

	it('ends after the sliding window without activity', async () => {
		const { token, session } = await newSession();
		expect((await validateSessionToken(db.sql, token, at(12 * HOUR))).session).toBeNull();
		expect(await stored(session.id)).toBeUndefined(); // and the row is gone
		expect((await validateSessionToken(db.sql, token, at(HOUR))).session).toBeNull(); // even with the clock turned back
	});

	it('is still valid a moment before the sliding window ends', async () => {
		const { token } = await newSession();
		expect((await validateSessionToken(db.sql, token, at(12 * HOUR - 1))).session).not.toBeNull();
	});

	it('reaches the absolute limit even when used all the time, and never slides past it', async () => {
		const { token, session } = await newSession();
		let now = 0;
		for (; now + 11 * HOUR < 7 * DAY; ) {
			now += 11 * HOUR;
			const result = await validateSessionToken(db.sql, token, at(now));
			expect(result.session, `used at +${now / HOUR} h`).not.toBeNull();
			expect(result.session!.expiresAt.getTime()).toBeLessThanOrEqual(at(7 * DAY).getTime());
		}
		// the last renewal was capped at the absolute limit
		expect((await stored(session.id)).expiresAt).toEqual(at(7 * DAY));
		expect((await validateSessionToken(db.sql, token, at(7 * DAY - 1))).session).not.toBeNull();
		expect((await validateSessionToken(db.sql, token, at(7 * DAY))).session).toBeNull();
		expect(await stored(session.id)).toBeUndefined();
	});

	it('a display account (大屏) lives longer: 30 days sliding, a year at most', async () => {
		const { token, session } = await newSession('display');
		expect(session.expiresAt).toEqual(at(30 * DAY));
		expect(session.absoluteExpiresAt).toEqual(at(365 * DAY));
		const result = await validateSessionToken(db.sql, token, at(20 * DAY)); // a person's session would be long gone
		expect(result.user?.role).toBe('display');
		expect(result.user?.screenName).toBe('测试大屏');
		expect(result.session?.expiresAt).toEqual(at(50 * DAY));
		expect((await validateSessionToken(db.sql, token, at(50 * DAY))).session).toBeNull();
	});

	it('a person session with the same timing is refused where the display one is not', async () => {
		const { token } = await newSession('supervisor');
		expect((await validateSessionToken(db.sql, token, at(20 * DAY))).session).toBeNull();
	});

	it("refuses a disabled account's sessions (and removes them)", async () => {
		const { user, token, session } = await newSession();
		expect((await validateSessionToken(db.sql, token, at(HOUR))).session).not.toBeNull();
		await db.sql`update app_user set disabled_at = ${at(2 * HOUR)} where id = ${user.id}`;
		expect(await validateSessionToken(db.sql, token, at(2 * HOUR))).toEqual({ session: null, user: null });
		expect(await stored(session.id)).toBeUndefined();
		await db.sql`update app_user set disabled_at = null where id = ${user.id}`;
		expect((await validateSessionToken(db.sql, token, at(2 * HOUR))).session).toBeNull(); // re-enabling does not revive it
	});

	it('invalidateSession ends one session; the account’s other sessions go on', async () => {
		const { user, token } = await newSession();
		const other = generateSessionToken();
		await createSession(db.sql, other, user, {}, T0);
		const first = await validateSessionToken(db.sql, token, at(HOUR));
		await invalidateSession(db.sql, first.session!.id);
		expect((await validateSessionToken(db.sql, token, at(HOUR))).session).toBeNull();
		expect((await validateSessionToken(db.sql, other, at(HOUR))).session).not.toBeNull();
	});

	it('invalidateUserSessions ends every session of one account and names them; nobody else’s', async () => {
		const { user, token, session } = await newSession();
		const second = generateSessionToken();
		const secondSession = await createSession(db.sql, second, user, {}, T0);
		const bystander = await newSession();
		const ended = await invalidateUserSessions(db.sql, user.id);
		expect(ended.sort()).toEqual([session.id, secondSession.id].sort());
		expect((await validateSessionToken(db.sql, token, at(HOUR))).session).toBeNull();
		expect((await validateSessionToken(db.sql, second, at(HOUR))).session).toBeNull();
		expect((await validateSessionToken(db.sql, bystander.token, at(HOUR))).session).not.toBeNull();
		expect(await invalidateUserSessions(db.sql, user.id)).toEqual([]);
	});

	it('stores only the SHA-256 hex of the token; the token itself is nowhere in the table', async () => {
		const { token, session } = await newSession();
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		const hex = createHash('sha256').update(token).digest('hex');
		expect(session.id).toBe(hex);
		const [row] = await db.sql<{ id: string }[]>`select id from user_session where id = ${hex}`;
		expect(row.id).toBe(hex);
		const [{ dump }] = await db.sql<{ dump: string }[]>`select coalesce(string_agg(row_to_json(s)::text, ' '), '') as dump from user_session s`;
		expect(dump).toContain(hex);
		expect(dump.toLowerCase()).not.toContain(token);
		// the stored id is not itself a token: a leaked table gives no session away
		expect((await validateSessionToken(db.sql, hex, at(HOUR))).session).toBeNull();
	});

	it('two tokens are never alike (160 random bits each)', () => {
		const tokens = new Set(Array.from({ length: 2000 }, generateSessionToken));
		expect(tokens.size).toBe(2000);
	});

	it('refuses malformed tokens before any query', async () => {
		const { token } = await newSession();
		// a pool that has been ended rejects any query: a malformed token must not reach it
		const closed = connect(db.url, { max: 1 });
		await closed.end();
		const malformed = [
			'',
			'abc',
			token.toUpperCase(),
			token + 'a',
			token.slice(1),
			`${token.slice(0, 31)}1`, // 1 is not in the base32 alphabet
			"' or 1=1 --",
			`${token.slice(0, 20)}'; drop table user_session; --`,
			'a'.repeat(64),
			'𠮷'.repeat(16),
			`${token}\n`,
			` ${token}`
		];
		for (const bad of malformed) expect(await validateSessionToken(closed, bad, at(HOUR)), JSON.stringify(bad)).toEqual({ session: null, user: null });
		await expect(validateSessionToken(closed, token, at(HOUR))).rejects.toThrow(); // (a well-formed one does query)
		expect((await validateSessionToken(db.sql, token, at(HOUR))).session).not.toBeNull();
	});

	it('a well-formed token nobody issued is refused', async () => {
		expect(await validateSessionToken(db.sql, generateSessionToken(), at(HOUR))).toEqual({ session: null, user: null });
	});
});

describe('audit log (append-only through the app’s connection)', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await createTestDatabase();
	});
	afterAll(async () => {
		await db?.drop();
	});

	const count = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from audit_log`)[0].n;

	it('takes a normal insert', async () => {
		await audit(db.sql, { username: 'someone', action: 'auth.sign_in_failed', target: '/login', detail: { reason: '测试' }, ip: '10.0.0.9' });
		const [row] = await db.sql`select username, action, target, detail, ip from audit_log order by id desc limit 1`;
		expect(row).toEqual({ username: 'someone', action: 'auth.sign_in_failed', target: '/login', detail: { reason: '测试' }, ip: '10.0.0.9' });
	});

	it.each([
		['update', (sql: TestDatabase['sql']) => sql`update audit_log set username = 'tampered'`],
		['update one row', (sql: TestDatabase['sql']) => sql`update audit_log set action = 'auth.sign_in' where id = (select min(id) from audit_log)`],
		['delete', (sql: TestDatabase['sql']) => sql`delete from audit_log`],
		['delete one row', (sql: TestDatabase['sql']) => sql`delete from audit_log where id = (select max(id) from audit_log)`],
		['truncate', (sql: TestDatabase['sql']) => sql`truncate audit_log`],
		['truncate cascade', (sql: TestDatabase['sql']) => sql`truncate audit_log restart identity cascade`]
	])('refuses %s', async (_, statement) => {
		await audit(db.sql, { username: 'witness', action: 'auth.sign_in' });
		const before = await db.sql`select * from audit_log order by id`;
		const failure = await statement(db.sql).then(
			() => null,
			(error: { code?: string; message: string }) => error
		);
		expect(failure?.code).toBe('42501');
		expect(failure?.message).toContain('审计日志只能追加');
		expect(await db.sql`select * from audit_log order by id`).toEqual(before);
	});

	it('still counts every entry after the refused attempts, and keeps taking new ones', async () => {
		const before = await count();
		await audit(db.sql, { action: 'access.denied', target: '/admin/users' });
		expect(await count()).toBe(before + 1);
	});
});
