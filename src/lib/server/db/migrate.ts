import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { onNotice, type Sql } from './connection.ts';
import { announceRewrite, duration, parseProgress, progressLine, rewriteMarkers } from './migration-notes.ts';
import { StartupError } from '../startup-error.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../../db/migrations/', import.meta.url));

export type Migration = { version: string; name: string; sql: string; checksum: string };

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads db/migrations in version order. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
	const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
	const migrations: Migration[] = [];
	for (const file of files) {
		const match = FILE.exec(file);
		if (!match) throw new Error(`迁移文件名不合规范：${file}（应为 0001_name.sql）`);
		const sql = await readFile(`${dir}/${file}`, 'utf8');
		const checksum = createHash('sha256').update(sql).digest('hex');
		migrations.push({ version: match[1], name: match[2], sql, checksum });
	}
	return migrations;
}

export type MigrateOptions = { log?: (message: string) => void };

/**
 * Applies pending migrations in order, each in its own transaction, recorded in
 * schema_migration. Nodes starting together serialize on an advisory lock; an applied
 * migration whose file changed stops start-up rather than drifting silently. A migration marked
 * `-- liaowang: rewrites <table>` is announced first (the table's rows and size, an estimate),
 * and the `liaowang-progress done/total` notices its batches raise are logged as it goes.
 */
export async function migrate(sql: Sql, dir = MIGRATIONS_DIR, options: MigrateOptions = {}): Promise<string[]> {
	const log = options.log ?? (() => {});
	const migrations = await readMigrations(dir);
	const applied: string[] = [];
	const conn = await sql.reserve();
	try {
		await conn`select pg_advisory_lock(hashtext('liaowang.migrate'))`;
		await conn`
			create table if not exists schema_migration (
				version    text primary key,
				name       text not null,
				checksum   text not null,
				applied_at timestamptz not null default now()
			)`;
		const done = new Map(
			(await conn<{ version: string; checksum: string }[]>`select version, checksum from schema_migration`).map(
				(r) => [r.version, r.checksum]
			)
		);
		for (const m of migrations) {
			const checksum = done.get(m.version);
			if (checksum !== undefined) {
				if (checksum !== m.checksum)
					throw new StartupError(`数据库迁移 ${m.version}_${m.name} 已执行过，但文件内容已被修改`, '请恢复该文件，改动放进新的迁移文件');
				continue;
			}
			const label = `${m.version}_${m.name}`;
			const rewrites = rewriteMarkers(m.sql);
			for (const rewrite of rewrites) {
				const [{ present }] = await conn<{ present: boolean }[]>`select to_regclass(${rewrite.table}) is not null as present`;
				if (!present) continue; // a table the migration itself makes: nothing to rewrite yet
				const [table] = await conn<{ rows: number; size: string }[]>`
					select (select count(*) from ${conn(rewrite.table)})::float8 as rows, pg_size_pretty(pg_total_relation_size(${rewrite.table}::regclass)) as size`;
				log(announceRewrite(label, rewrite, table.rows, table.size));
			}
			const started = Date.now();
			let said = 0;
			const stop = onNotice(sql, (notice) => {
				const progress = parseProgress(notice.message);
				// at most one line a second, and the last
				if (progress && (Date.now() - said >= 1000 || progress.done >= progress.total)) {
					said = Date.now();
					log(progressLine(label, progress.done, progress.total, Date.now() - started));
				}
			});
			// a reserved connection has no begin(): the transaction is spelled out
			await conn`begin`;
			try {
				await conn.unsafe(m.sql);
				await conn`insert into schema_migration (version, name, checksum) values (${m.version}, ${m.name}, ${m.checksum})`;
				await conn`commit`;
			} catch (error) {
				await conn`rollback`;
				// the runtime role may not change the schema: migrations are the owner's
				const denied = (error as { code?: string }).code === '42501';
				throw new StartupError(
					`数据库迁移 ${m.version}_${m.name} 失败（已回滚）：${(error as Error).message}`,
					denied ? '迁移须由表的属主角色执行：请用 DATABASE_OWNER_URL 指定属主角色（见 README“数据库角色”）' : '请修正迁移后重试'
				);
			} finally {
				stop();
			}
			if (rewrites.length) log(`数据库迁移 ${label} 完成，用时 ${duration((Date.now() - started) / 1000)}`);
			applied.push(label);
		}
	} finally {
		await conn`select pg_advisory_unlock(hashtext('liaowang.migrate'))`.catch(() => {});
		conn.release();
	}
	return applied;
}
