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
		const { mkdtemp, writeFile, cp, rm } = await import('node:fs/promises');
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
			await rm(dir, { recursive: true, force: true });
		}
	});

	it('a migration that rewrites a large table says so first and reports its progress as it runs', async () => {
		const { mkdtemp, writeFile, cp, rm } = await import('node:fs/promises');
		const { generateDemoData } = await import('../../src/lib/server/sim/generate.ts');
		const dir = await mkdtemp('/tmp/lw-migrations-');
		const big = await createTestDatabase();
		try {
			await generateDemoData(big.sql, { items: 1200, seed: 'rewrite' });
			await cp(new URL('../../db/migrations/', import.meta.url), dir, { recursive: true });
			// batches of 300 rows, each reporting; a pause per batch stands in for a big table's work
			await writeFile(`${dir}/9990_rewrite_summary.sql`, `-- 整理每件事项的摘要（演示一次大表重写）
-- liaowang: rewrites petition_item at 600 rows/s
do $$
declare total bigint; top bigint; done bigint := 0; n bigint; cur bigint := 0;
begin
  select count(*), coalesce(max(id), 0) into total, top from petition_item;
  while cur < top loop
    update petition_item set summary = btrim(summary) where id > cur and id <= cur + 300;
    get diagnostics n = row_count;
    done := done + n;
    cur := cur + 300;
    perform pg_sleep(0.4);
    raise notice 'liaowang-progress %/%', done, total;
  end loop;
end $$;
`);
			const lines: { at: number; text: string }[] = [];
			expect(await migrate(big.sql, dir, { log: (text) => lines.push({ at: Date.now(), text }) })).toEqual(['9990_rewrite_summary']);
			const texts = lines.map((l) => l.text);
			expect(texts[0]).toMatch(/^数据库迁移 9990_rewrite_summary 将重写表 petition_item（1200 行，[\d.]+ [kM]B），预计约 2 秒；期间该表被锁定，请勿中断$/);
			const progress = lines.filter((l) => l.text.includes('%（'));
			expect(progress.length).toBeGreaterThanOrEqual(2);
			expect(progress[0].text).toMatch(/^数据库迁移 9990_rewrite_summary：25%（300\/1200），已用 \d+ 秒，预计还需 \d+ 秒$/);
			expect(progress.at(-1)!.text).toMatch(/：100%（1200\/1200），已用 \d+ 秒$/);
			expect(texts.at(-1)).toMatch(/^数据库迁移 9990_rewrite_summary 完成，用时 \d+ 秒$/);
			// heard while it ran, not after: the first batch's line came well before the end
			expect(lines.at(-1)!.at - progress[0].at).toBeGreaterThan(800);
			// a migration without the marker says nothing
			await writeFile(`${dir}/9991_quiet.sql`, 'create table quiet (id int);');
			const quiet: string[] = [];
			expect(await migrate(big.sql, dir, { log: (m) => quiet.push(m) })).toEqual(['9991_quiet']);
			expect(quiet).toEqual([]);
		} finally {
			await big.drop();
			await rm(dir, { recursive: true, force: true });
		}
	}, 120_000);

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
