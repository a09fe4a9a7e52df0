import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRows } from '../../src/lib/server/sim/copy.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

/** The COPY path the generator loads through, against the real server. */
describe('copyRows', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await createTestDatabase({ migrate: false });
		await db.sql`create table copy_parent (id int primary key)`;
		await db.sql`create table copy_child (id int primary key, parent int references copy_parent (id), note text, raw bytea, at timestamptz, ok boolean)`;
		await db.sql`insert into copy_parent values (1), (2)`;
	});
	afterAll(async () => {
		await db?.drop();
	});

	it('round-trips text that needs escaping, nulls, bytea, times and booleans', async () => {
		const note = 'tab\there\nnew line\\back slash\r中文';
		const at = new Date('2026-03-15T02:00:00.000Z');
		const n = await db.sql.begin((tx) =>
			copyRows(tx, 'copy_child', ['id', 'parent', 'note', 'raw', 'at', 'ok'], [[1, 1, note, Buffer.from([0, 92, 255]), at, true], [2, null, null, null, null, false]])
		);
		expect(n).toBe(2);
		const rows = await db.sql<{ note: string | null; raw: Buffer | null; at: Date | null; ok: boolean }[]>`select note, raw, at, ok from copy_child order by id`;
		expect(rows[0]).toEqual({ note, raw: Buffer.from([0, 92, 255]), at, ok: true });
		expect(rows[1]).toEqual({ note: null, raw: null, at: null, ok: false });
		await db.sql`delete from copy_child`;
	});

	it('streams many rows in chunks and reports progress', async () => {
		const seen: number[] = [];
		const rows = (function* () {
			for (let i = 1; i <= 50_000; i++) yield [i, 1 + (i % 2), `第${i}行`.repeat(4), null, null, true];
		})();
		const n = await db.sql.begin((tx) => copyRows(tx, 'copy_child', ['id', 'parent', 'note', 'raw', 'at', 'ok'], rows, (done) => seen.push(done)));
		expect(n).toBe(50_000);
		expect(seen.length).toBeGreaterThan(2);
		expect(seen.at(-1)).toBe(50_000);
		const [{ count }] = await db.sql<{ count: number }[]>`select count(*)::int as count from copy_child`;
		expect(count).toBe(50_000);
		await db.sql`delete from copy_child`;
	});

	it('rejects, rather than hanging, when the server refuses rows after the data ends (foreign key)', async () => {
		const attempt = db.sql.begin((tx) => copyRows(tx, 'copy_child', ['id', 'parent'], [[1, 1], [2, 99]]));
		await expect(attempt).rejects.toThrow(/foreign key/);
	});

	it('rejects on a duplicate in the middle of a long stream, and the transaction rolls back', async () => {
		const rows = (function* () {
			for (let i = 1; i <= 100_000; i++) yield [i === 60_000 ? 1 : i, 1];
		})();
		await expect(db.sql.begin((tx) => copyRows(tx, 'copy_child', ['id', 'parent'], rows))).rejects.toThrow(/duplicate key/);
		const [{ count }] = await db.sql<{ count: number }[]>`select count(*)::int as count from copy_child`;
		expect(count).toBe(0);
	});

	it('refuses identifiers it would have to quote', async () => {
		await expect(db.sql.begin((tx) => copyRows(tx, 'copy_child; drop table x', ['id'], []))).rejects.toThrow();
	});
});
