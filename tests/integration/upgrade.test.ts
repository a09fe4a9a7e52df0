import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { migrate, readMigrations } from '../../src/lib/server/db/migrate.ts';
import { backup } from '../../src/lib/server/ops/backup.ts';
import { restore } from '../../src/lib/server/ops/restore.ts';
import { generateDemoData } from '../../src/lib/server/sim/generate.ts';
import { ensureDemoLetters } from '../../src/lib/server/sim/letters.ts';
import { withDemoUsers } from '../support/auth.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

/** Rows of a rollup its GROUP BY view does not have, and the other way round (0 and 0: equal). */
async function rollupDrift(sql: Sql, rollup: string): Promise<number> {
	const truth = `${rollup}_truth`;
	const [row] = await sql<{ n: number }[]>`
		select ((select count(*) from (select * from ${sql(rollup)} except select * from ${sql(truth)}) a)
		      + (select count(*) from (select * from ${sql(truth)} except select * from ${sql(rollup)}) b))::int as n`;
	return row.n;
}

/**
 * An upgrade that keeps the data: a database at the previous release's migration level (every
 * migration but the newest), with demo data, letters and users, is backed up and restored by this
 * version, which applies its newer migration after loading; counts, rollups against their GROUP BY,
 * letters and the audit log come through.
 */
describe('upgrading a backup of the previous schema', () => {
	let old: TestDatabase;
	let previousLevel: string;
	let newest: string;
	const out = mkdtempSync(path.join(tmpdir(), 'liaowang-upgrade-'));
	const targets: TestDatabase[] = [];

	beforeAll(async () => {
		const all = await readMigrations();
		newest = `${all.at(-1)!.version}_${all.at(-1)!.name}`;
		previousLevel = all.at(-2)!.version;
		const dir = path.join(out, 'migrations');
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir);
		for (const m of all.slice(0, -1)) writeFileSync(path.join(dir, `${m.version}_${m.name}.sql`), m.sql);
		old = await createTestDatabase({ migrate: false });
		await migrate(old.sql, dir);
		await generateDemoData(old.sql, { items: 2000, seed: 'upgrade' });
		await withDemoUsers(old.sql);
		await ensureDemoLetters(old.sql);
		await old.sql`insert into audit_log (username, action, target) values ('admin', 'auth.sign_in', 'admin')`;
	}, 240_000);

	afterAll(async () => {
		for (const t of targets) await t.drop();
		await old?.drop();
		rmSync(out, { recursive: true, force: true });
	});

	for (const format of ['pg_dump', 'copy'] as const)
		it(`restores a ${format} backup of the previous level and migrates it forward, keeping the data`, async () => {
			const { dir, manifest } = await backup(old.url, { outDir: out, format });
			expect(manifest.migration.level).toBe(previousLevel);
			const target = await createTestDatabase({ migrate: false });
			targets.push(target);
			const result = await restore(dir, target.url);
			expect(result.applied).toEqual([newest]);
			for (const [table, n] of Object.entries(manifest.counts)) {
				const [row] = await target.sql<{ n: number }[]>`select count(*)::int as n from ${target.sql(table)}`;
				expect(row.n, table).toBe(table === 'schema_migration' ? n + 1 : n); // the newer migration recorded
			}
			for (const rollup of ['rollup_daily', 'rollup_state', 'rollup_area']) expect(await rollupDrift(target.sql, rollup), rollup).toBe(0);
			const letters = (sql: Sql) => sql`select id, number_text, status, kind from supervision_letter order by id`;
			expect(await letters(target.sql)).toEqual(await letters(old.sql));
			const audit = (sql: Sql) => sql`select * from audit_log order by id`;
			expect(await audit(target.sql)).toEqual(await audit(old.sql));
		}, 180_000);
});
