import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { connect, type Sql } from '../db/connection.ts';
import { migrate, readMigrations, MIGRATIONS_DIR } from '../db/migrate.ts';
import { copyColumns } from './copy.ts';
import { appVersion, compareFacts, compareVersions, FORMAT, FORMAT_VERSION, listTables, MANIFEST, readFacts, sha256File, type Manifest } from './manifest.ts';
import { OpsError } from './ops-error.ts';
import { findPgTool, parseToolVersion } from './pg-tools.ts';
import { missingKeys } from '../personal-data/backup-keys.ts';
import type { Keyring } from '../personal-data/codec.ts';
import { hasKeyring, keyring } from '../personal-data/keyring.ts';

export type RestoreOptions = {
	log?: (message: string) => void;
	env?: Record<string, string | undefined>;
	/** the manifest readBackup already checked (files and all), so they are not read twice */
	checked?: Manifest;
	/** the personal-data keys the restored database will be used with (default: this process's, if any) */
	keys?: Keyring | null;
	/** restore even though the backup's personal data cannot be read with `keys` (a warning instead) */
	withoutKey?: boolean;
};
export type RestoreResult = { manifest: Manifest; applied: string[]; mismatches: string[] };

/** Reads and checks a backup folder: its manifest, that this code can take it, every file's checksum. */
export async function readBackup(dir: string, log: (m: string) => void = () => {}): Promise<Manifest> {
	let manifest: Manifest;
	try {
		manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as Manifest;
	} catch {
		throw new OpsError(`${dir} 不是瞭望备份（缺少或无法读取 ${MANIFEST}）`, '请指定 npm run backup 生成的备份目录');
	}
	if (manifest.format !== FORMAT || typeof manifest.formatVersion !== 'number') throw new OpsError(`${dir} 的清单不是瞭望备份清单`, '请指定 npm run backup 生成的备份目录');
	if (manifest.formatVersion > FORMAT_VERSION) throw new OpsError(`备份格式版本 ${manifest.formatVersion} 比本程序支持的 ${FORMAT_VERSION} 新`, '请用生成该备份的版本或更新版本的瞭望恢复');
	const app = appVersion();
	if (compareVersions(manifest.app.version, app.version) > 0)
		throw new OpsError(`备份来自更新的版本 ${manifest.app.version}，本程序是 ${app.version}，拒绝恢复`, `请先把瞭望升级到 ${manifest.app.version} 或更新版本再恢复`);
	const known = new Set((await readMigrations()).map((m) => m.version));
	const unknown = manifest.migration.versions.filter((v) => !known.has(v));
	if (unknown.length)
		throw new OpsError(`备份的数据库迁移级别 ${manifest.migration.level} 含本程序没有的迁移（${unknown.join('、')}），拒绝恢复`, '备份来自更新的版本或另一分支，请用对应版本的瞭望恢复');
	for (const [i, file] of manifest.files.entries()) {
		log(`校验文件 ${file.path}（${i + 1}/${manifest.files.length}）`);
		let actual: { bytes: number; sha256: string };
		try {
			actual = await sha256File(path.join(dir, file.path));
		} catch {
			throw new OpsError(`备份文件 ${file.path} 缺失`, '备份不完整，请换一份备份');
		}
		if (actual.sha256 !== file.sha256 || actual.bytes !== file.bytes) throw new OpsError(`备份文件 ${file.path} 校验和不符（已损坏或被修改）`, '请换一份备份');
	}
	return manifest;
}

/** Refuses a target that holds anything: a restore never merges into or overwrites data. */
export async function assertEmpty(sql: Sql): Promise<void> {
	const rows = await sql<{ name: string }[]>`
		select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
		 where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%' and n.nspname not like 'pg_temp%'
		   and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') limit 3`;
	if (rows.length)
		throw new OpsError(`目标数据库不是空的（已有 ${rows.map((r) => r.name).join('、')} 等），拒绝恢复`, '请恢复到一个新建的空数据库（createdb），内嵌数据库请用新的 LIAOWANG_DATA_DIR');
}

/**
 * Restores a backup folder into an empty database: checks the backup (manifest, version, checksums)
 * and the target (empty), loads it (pg_restore in one transaction, or the built-in COPY format),
 * compares the result with the manifest (migration level, feed seq, every table's rows, every
 * document's SHA-256, the audit log's digest), then applies the migrations this version adds.
 */
export async function restore(dir: string, url: string, options: RestoreOptions = {}): Promise<RestoreResult> {
	const log = options.log ?? (() => {});
	const manifest = options.checked ?? (await readBackup(dir, log));
	checkKeys(manifest, options, log);
	const sql = connect(url, { max: 2, appName: 'liaowang-restore' });
	try {
		await assertEmpty(sql);
		log(`恢复备份：${manifest.createdAt}，版本 ${manifest.app.version}，迁移级别 ${manifest.migration.level}，feed seq ${manifest.feedSeq}`);
		if (manifest.database.kind === 'pg_dump') await loadPgDump(dir, url, manifest, options.env ?? process.env, log);
		else await loadCopy(sql, dir, manifest, log);
		log('核对恢复结果……');
		const actual = await sql.begin('isolation level repeatable read read only', (tx) => readFacts(tx, manifest.database.tables));
		const mismatches = compareFacts(manifest, actual);
		if (mismatches.length) throw new OpsError(`恢复后的数据与备份清单不符：${mismatches.join('；')}`, '请勿使用该数据库，检查备份与磁盘后重试');
		log(`核对一致：${Object.keys(manifest.counts).length} 张表、${manifest.documents.length} 份文档、${manifest.auditLog.rows} 条审计日志`);
		const applied = await migrate(sql, undefined, { log });
		if (applied.length) log(`已执行本版本新增的数据库迁移：${applied.join('、')}`);
		return { manifest, applied, mismatches };
	} finally {
		await sql.end({ timeout: 5 });
	}
}

/** A backup's personal data is ciphertext: without its keys the restored names stay, the numbers are lost. */
function checkKeys(manifest: Manifest, options: RestoreOptions, log: (m: string) => void) {
	if (!manifest.personalData) return;
	const ring = options.keys === undefined ? (hasKeyring() ? keyring() : null) : options.keys;
	const problems = missingKeys(manifest.personalData, ring);
	if (!problems.length) return;
	const message = `备份中的个人信息无法用本机的密钥解密：${problems.join('；')}`;
	if (!options.withoutKey)
		throw new OpsError(`${message}，拒绝恢复`, '备份不含密钥：请把备份时使用的密钥文件设为 PERSONAL_DATA_KEY_FILE（或 PERSONAL_DATA_KEY）后重试；确需先恢复、再配置密钥，加 --without-key');
	log(`警告：${message}。按 --without-key 继续；配置正确的密钥前，服务不会启动`);
}

function loadPgDump(dir: string, url: string, manifest: Manifest, env: Record<string, string | undefined>, log: (m: string) => void): Promise<void> {
	const made = parseToolVersion(`(PostgreSQL) ${(manifest.database.tool ?? '').replace(/^pg_dump\s+/, '')}`)?.major ?? manifest.server.major;
	const tool = findPgTool('pg_restore', made, env);
	if (!tool) throw new OpsError(`找不到能读取该备份的 pg_restore（备份由 PostgreSQL ${made} 的 pg_dump 生成）`, `请安装 PostgreSQL ${made} 或更新版本的客户端工具，并用 PG_BIN_DIR 指向其 bin 目录`);
	const tables = manifest.database.tables.length;
	return new Promise((resolve, reject) => {
		const child = spawn(tool.bin, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', '--verbose', `--dbname=${url}`, path.join(dir, 'database.dump')], { stdio: ['ignore', 'ignore', 'pipe'] });
		let tail = '';
		let done = 0;
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (chunk: string) => {
			tail = (tail + chunk).slice(-4000);
			for (const match of chunk.matchAll(/processing data for table "?public"?\."?([a-z0-9_]+)"?/g)) log(`载入表 ${match[1]}（${++done}/${tables}）`);
			if (/creating INDEX|creating CONSTRAINT|creating FK/.test(chunk) && done === tables) log('重建索引与约束……');
		});
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0 ? resolve() : reject(new OpsError(`pg_restore 失败（退出码 ${code}，已整体回滚）：${tail.trim().split('\n').slice(-3).join(' ')}`, '请检查目标数据库与权限'))
		);
	});
}

/** The built-in format: the schema from this code's migrations up to the backup's level, then every table copied in, triggers off. */
async function loadCopy(sql: Sql, dir: string, manifest: Manifest, log: (m: string) => void): Promise<void> {
	const [role] = await sql<{ superuser: boolean }[]>`select rolsuper as superuser from pg_roles where rolname = current_user`;
	if (!role?.superuser) throw new OpsError('内置格式的备份须以超级用户恢复（载入时要关闭触发器）', '请用数据库超级用户的 DATABASE_URL 恢复，或用 pg_dump 格式的备份');
	const upTo = await mkdtemp(path.join(tmpdir(), 'liaowang-migrations-'));
	try {
		for (const m of await readMigrations(MIGRATIONS_DIR))
			if (m.version <= manifest.migration.level) await writeFile(path.join(upTo, `${m.version}_${m.name}.sql`), m.sql);
		log(`建立表结构（迁移至 ${manifest.migration.level}）`);
		await migrate(sql, upTo);
	} finally {
		await rm(upTo, { recursive: true, force: true });
	}
	const present = await listTables(sql);
	const missing = manifest.database.tables.filter((t) => !present.includes(t));
	if (missing.length) throw new OpsError(`迁移后缺少备份中的表：${missing.join('、')}`, '备份与本版本的迁移不一致');
	await sql.begin(async (tx) => {
		await tx`set local session_replication_role = replica`; // no triggers (outbox, append-only), no FK checks while loading
		await tx`truncate ${tx(manifest.database.tables)}`;
		for (const [i, table] of manifest.database.tables.entries()) {
			log(`载入表 ${table}（${i + 1}/${manifest.database.tables.length}，${manifest.counts[table]} 行）`);
			const columns = await copyColumns(tx, table);
			const sink = await tx`copy ${tx(table)} (${tx(columns)}) from stdin`.writable();
			await pipeline(createReadStream(path.join(dir, 'tables', `${table}.copy.gz`)), createGunzip(), sink);
		}
		for (const s of manifest.database.sequences)
			if (s.value !== null) await tx`select setval(${'public.' + s.name}::regclass, ${s.value}::bigint, true)`;
	});
}
