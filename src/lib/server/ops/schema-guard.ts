import type { Sql } from '../db/connection.ts';
import { readMigrations } from '../db/migrate.ts';
import { StartupError } from '../startup-error.ts';

/**
 * Refuses to start on a database newer than the code: one with a migration this version does not
 * have (a newer release ran against it, then the site went back to an older one). Migrations only go
 * forward, so the older code would misread the data; the way back is the backup taken before the
 * upgrade. A fresh database (no schema_migration yet) passes.
 */
export async function assertSchemaNotNewer(sql: Sql, dir?: string): Promise<void> {
	const [table] = await sql<{ exists: boolean }[]>`select to_regclass('public.schema_migration') is not null as exists`;
	if (!table.exists) return;
	const known = new Set((await readMigrations(dir)).map((m) => m.version));
	const applied = await sql<{ version: string; name: string }[]>`select version, name from schema_migration order by version`;
	const newer = applied.filter((m) => !known.has(m.version));
	if (newer.length)
		throw new StartupError(
			`数据库比本程序新：已执行本版本没有的迁移 ${newer.map((m) => `${m.version}_${m.name}`).join('、')}，拒绝启动`,
			'请运行不低于该数据库版本的瞭望；若要回退版本，请从升级前的备份恢复到一个空数据库（npm run restore）'
		);
}
