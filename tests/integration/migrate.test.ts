import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../src/lib/server/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

/** Tables, columns and constraints as the catalog sees them. */
async function schemaShape(db: TestDatabase) {
	return db.sql`
		select table_name, column_name, data_type, is_nullable, column_default
		  from information_schema.columns where table_schema = 'public'
		union all
		select conrelid::regclass::text, conname, contype::text, pg_get_constraintdef(oid), null
		  from pg_constraint where connamespace = 'public'::regnamespace
		 order by 1, 2`;
}

describe('migrations', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await createTestDatabase({ migrate: false });
	});
	afterAll(() => db?.drop());

	it('apply in order, then a second run changes nothing', async () => {
		const files = await readMigrations();
		const first = await migrate(db.sql);
		expect(first).toEqual(files.map((m) => `${m.version}_${m.name}`));
		const before = await schemaShape(db);
		expect(await migrate(db.sql)).toEqual([]);
		expect(await schemaShape(db)).toEqual(before);
		const recorded = await db.sql`select version from schema_migration order by version`;
		expect(recorded.map((r) => r.version)).toEqual(files.map((m) => m.version));
	});

	it('refuse to run when an applied migration was edited', async () => {
		await db.sql`update schema_migration set checksum = 'edited' where version = '0001'`;
		await expect(migrate(db.sql)).rejects.toThrow(/已被修改/);
	});

	it('a failing migration leaves no trace', async () => {
		const { mkdtemp, writeFile, cp } = await import('node:fs/promises');
		const dir = await mkdtemp('/tmp/lw-migrations-');
		const fresh = await createTestDatabase({ migrate: false });
		try {
			await cp(new URL('../../db/migrations/', import.meta.url), dir, { recursive: true });
			await writeFile(`${dir}/9999_broken.sql`, 'create table half_done (id int); select 1/0;');
			await expect(migrate(fresh.sql, dir)).rejects.toThrow();
			const [t] = await fresh.sql`select to_regclass('half_done') as t`;
			expect(t.t).toBeNull();
			const versions = await fresh.sql`select version from schema_migration`;
			expect(versions.map((r) => r.version)).not.toContain('9999');
		} finally {
			await fresh.drop();
		}
	});

	it('enforce the domain in the database', async () => {
		await db.sql`update schema_migration set checksum = ${(await readMigrations())[0].checksum} where version = '0001'`;
		await db.sql`insert into region (adcode, name, level, parent, path) values ('370000', '山东省', 'province', null, '{370000}')`;
		await expect(db.sql`insert into region (adcode, name, level, parent, path) values ('37010', '坏', 'city', '370000', '{370000,37010}')`).rejects.toThrow(/check/);
		await expect(
			db.sql`insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due)
			       values ('370000-20261101-000001', 'pigeon', now(), '370000', 'labour', 'appeal', 'x', current_date)`
		).rejects.toThrow(/check/);
		await expect(
			db.sql`insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due, status)
			       values ('370000-20261101-000002', 'online', now(), '370000', 'labour', 'appeal', 'x', current_date, 'concluded')`
		).rejects.toThrow(/check/);
	});
});
