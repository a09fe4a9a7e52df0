import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveAuditLog, auditHolding } from '../../src/lib/server/auth/audit-archive.ts';
import { auditPage } from '../../src/routes/admin/audit/log.server.ts';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

type Row = { id: bigint; at: Date; username: string | null; action: string; target: string | null; detail: unknown; ip: string | null };

const COLUMNS = 'id, at, user_id, username, action, target, detail, ip';
const live = (sql: Sql) => sql.unsafe<Row[]>(`select ${COLUMNS} from audit_log order by id`);
const archived = (sql: Sql) => sql.unsafe<Row[]>(`select ${COLUMNS} from audit_log_archive order by id`);

/** Writes an audit row dated `ago` (a Postgres interval) before now. */
async function logged(sql: Sql, ago: string, username: string, action = 'auth.sign_in'): Promise<bigint> {
	const [row] = await sql<{ id: bigint }[]>`
		insert into audit_log (at, username, action, target, detail, ip)
		values (now() - ${ago}::interval, ${username}, ${action}, '/login', ${sql.json({ who: username, 说明: '测试' })}, '10.1.2.3')
		returning id`;
	return row.id;
}

async function refusal(statement: Promise<unknown>): Promise<{ code?: string; message: string } | null> {
	return statement.then(
		() => null,
		(error: { code?: string; message: string }) => error
	);
}

describe('audit log archival: old rows move to the archive, none vanish', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await createTestDatabase();
	});
	afterAll(async () => {
		await db?.drop();
	});

	it('refuses a retention below six months before touching anything', async () => {
		await logged(db.sql, '2 years', 'too-old');
		const before = await live(db.sql);
		await expect(archiveAuditLog(db.sql, { keepMonths: 5 })).rejects.toThrow(/不得少于 6 个月/);
		await expect(archiveAuditLog(db.sql, { keepMonths: 0 })).rejects.toThrow(RangeError);
		expect(await live(db.sql)).toEqual(before);
		expect(await archived(db.sql)).toEqual([]);
	});

	it('with 12 months kept, moves exactly the rows older than 12 months, unchanged and readable', async () => {
		const ids = {
			year13: await logged(db.sql, '13 months', 'a'),
			month11: await logged(db.sql, '11 months', 'b', 'auth.sign_in_failed'),
			month7: await logged(db.sql, '7 months', 'c', 'auth.sign_out'),
			month5: await logged(db.sql, '5 months 29 days', 'd'),
			today: await logged(db.sql, '1 minute', 'e')
		};
		const before = await live(db.sql);
		const moved = await archiveAuditLog(db.sql, { keepMonths: 12 });
		expect(moved).toBe(2); // 'too-old' (2 years) and 13 months
		const archive = await archived(db.sql);
		expect(archive.map((r) => r.username)).toEqual(['too-old', 'a']);
		expect(archive).toEqual(before.filter((r) => r.username === 'too-old' || r.id === ids.year13));
		expect((await live(db.sql)).map((r) => r.id)).toEqual([ids.month11, ids.month7, ids.month5, ids.today]);
		// still readable, as one history
		const all = await db.sql<{ id: bigint; archived: boolean }[]>`select id, archived_at is not null as archived from audit_log_all order by id`;
		expect(all.map((r) => [r.id, r.archived])).toEqual(before.map((r) => [r.id, r.username === 'too-old' || r.id === ids.year13]));
	});

	it('with the legal six months, moves the 7- and 11-month rows, keeps the younger ones; a second run moves nothing', async () => {
		const before = await live(db.sql);
		expect(await archiveAuditLog(db.sql, { keepMonths: 6 })).toBe(2);
		expect((await live(db.sql)).map((r) => r.username)).toEqual(['d', 'e']);
		expect((await archived(db.sql)).map((r) => r.username)).toEqual(['too-old', 'a', 'b', 'c']);
		expect((await archived(db.sql)).filter((r) => r.username === 'b' || r.username === 'c')).toEqual(before.filter((r) => r.username === 'b' || r.username === 'c'));
		expect(await archiveAuditLog(db.sql, { keepMonths: 6 })).toBe(0);
		const holding = await auditHolding(db.sql);
		expect(holding).toMatchObject({ live: 2, archived: 4 });
		expect(holding.oldestArchived!.getTime()).toBeLessThan(holding.oldestLive!.getTime());
	});

	it('the admin audit page still lists archived entries, newest first', async () => {
		const page = await auditPage(db.sql, '370000', 1, null);
		expect(page.rows.map((r) => r.username)).toEqual(['e', 'd', 'c', 'b', 'a', 'too-old']);
		expect(page.rows.find((r) => r.username === 'b')).toMatchObject({ action: 'auth.sign_in_failed', target: '/login', ip: '10.1.2.3', detail: { who: 'b', 说明: '测试' } });
		expect((await auditPage(db.sql, '370000', 1, 'auth.sign_out')).rows.map((r) => r.username)).toEqual(['c']);
	});

	it('moves in batches: many old rows all arrive, in order, with nothing lost', async () => {
		for (let i = 0; i < 7; i++) await logged(db.sql, `${8 + i} months`, `batch-${i}`);
		const liveBefore = (await live(db.sql)).length;
		const archivedBefore = (await archived(db.sql)).length;
		expect(await archiveAuditLog(db.sql, { keepMonths: 6, batch: 3 })).toBe(7);
		expect((await live(db.sql)).length).toBe(liveBefore - 7);
		expect((await archived(db.sql)).length).toBe(archivedBefore + 7);
	});
});

describe('the append-only triggers still hold against the app', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await createTestDatabase();
	});
	afterAll(async () => {
		await db?.drop();
	});

	it.each([
		['update of a recent row', (sql: Sql) => sql`update audit_log set username = 'tampered' where username = 'recent'`],
		['update of an old row', (sql: Sql) => sql`update audit_log set detail = '{}' where username = 'old'`],
		['delete of a recent row', (sql: Sql) => sql`delete from audit_log where username = 'recent'`],
		['delete of an old row never archived', (sql: Sql) => sql`delete from audit_log where username = 'old'`],
		['delete of everything', (sql: Sql) => sql`delete from audit_log`],
		['truncate', (sql: Sql) => sql`truncate audit_log`]
	])('refuses %s', async (_, statement) => {
		if ((await live(db.sql)).length === 0) {
			await logged(db.sql, '1 hour', 'recent');
			await logged(db.sql, '3 years', 'old');
		}
		const before = await live(db.sql);
		const failure = await refusal(statement(db.sql));
		expect(failure?.code).toBe('42501');
		expect(failure?.message).toContain('审计日志只能追加');
		expect(await live(db.sql)).toEqual(before);
	});

	it('the archive itself refuses update, delete and truncate', async () => {
		const id = await logged(db.sql, '1 year', 'archived-one');
		expect(await archiveAuditLog(db.sql, { keepMonths: 6 })).toBeGreaterThan(0);
		const before = await archived(db.sql);
		expect(before.some((r) => r.id === id)).toBe(true);
		for (const statement of [
			db.sql`update audit_log_archive set username = 'tampered'`,
			db.sql`delete from audit_log_archive where id = ${id}`,
			db.sql`truncate audit_log_archive`
		]) {
			const failure = await refusal(statement);
			expect(failure?.code).toBe('42501');
		}
		expect(await archived(db.sql)).toEqual(before);
	});
	it('refuses to let a row go whose archive copy differs from it', async () => {
		const id = await logged(db.sql, '2 years', 'forged');
		await db.sql`
			insert into audit_log_archive (id, at, user_id, username, action, target, detail, ip)
			select id, at, user_id, username, action, target, '{"who":"someone else"}', ip from audit_log where id = ${id}`;
		const failure = await refusal(db.sql`delete from audit_log where id = ${id}`);
		expect(failure?.code).toBe('42501');
		expect((await live(db.sql)).some((r) => r.id === id)).toBe(true);
	});

	it('refuses to let a row younger than six months go even with an exact copy archived', async () => {
		const id = await logged(db.sql, '5 months', 'young');
		await db.sql`insert into audit_log_archive (${db.sql.unsafe(COLUMNS)}) select ${db.sql.unsafe(COLUMNS)} from audit_log where id = ${id}`;
		const failure = await refusal(db.sql`delete from audit_log where id = ${id}`);
		expect(failure?.code).toBe('42501');
		expect((await live(db.sql)).some((r) => r.id === id)).toBe(true);
	});

});
