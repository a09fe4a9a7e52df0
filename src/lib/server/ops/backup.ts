import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { connect } from '../db/connection.ts';
import { appVersion, FORMAT, FORMAT_VERSION, listTables, MANIFEST, readFacts, sha256File, type BackupFile, type Manifest, type Sequence } from './manifest.ts';
import { findPgTool, listPgTools, type PgTool } from './pg-tools.ts';
import { copyColumns } from './copy.ts';
import { OpsError } from './ops-error.ts';
import { readPersonalDataFacts } from '../personal-data/backup-keys.ts';

export type BackupOptions = {
	/** the folder the backup folder is made in */
	outDir: string;
	/** force the built-in COPY format even where a pg_dump would do (tests; `--format=copy`) */
	format?: 'auto' | 'pg_dump' | 'copy';
	log?: (message: string) => void;
	env?: Record<string, string | undefined>;
};

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/**
 * One consistent backup: a repeatable-read transaction exports its snapshot; the manifest's facts
 * (migration level, feed seq, counts, digests) are read in it and pg_dump dumps from the very same
 * snapshot (`--snapshot`), or, without a pg_dump new enough for the server, every table is copied
 * out in that transaction. Letters' PDFs, .docx and feedback attachments live in the database
 * (bytea), so they are in the dump; their digests are in the manifest. Written to a `.partial`
 * folder renamed when complete, so a half-written backup is never taken for one.
 */
export async function backup(url: string, options: BackupOptions): Promise<{ dir: string; manifest: Manifest }> {
	const log = options.log ?? (() => {});
	const started = new Date();
	const sql = connect(url, { max: 2, appName: 'liaowang-backup' });
	const name = `liaowang-backup-${stamp(started)}`;
	const dir = path.resolve(options.outDir, name);
	const partial = `${dir}.partial`;
	try {
		const [server] = await sql<{ version: string; num: string }[]>`select current_setting('server_version') as version, current_setting('server_version_num') as num`;
		const major = Math.floor(Number(server.num) / 10000);
		const tool = pickFormat(options.format ?? 'auto', major, options.env ?? process.env, log);
		await mkdir(partial, { recursive: true });
		const conn = await sql.reserve();
		let manifest: Manifest;
		try {
			await conn`begin isolation level repeatable read read only`;
			const [{ snapshot }] = await conn<{ snapshot: string }[]>`select pg_export_snapshot() as snapshot`;
			const tables = await listTables(conn);
			if (!tables.includes('schema_migration') || !tables.includes('feed_state')) throw new OpsError('该数据库不是瞭望的数据库（没有 schema_migration / feed_state 表）', '请检查 DATABASE_URL');
			log(`快照已建立（${snapshot}），读取清单信息……`);
			const facts = await readFacts(conn, tables);
			// the dump holds ciphertext; the manifest names the keys it needs, the keys stay out
			const personalData = await readPersonalDataFacts(conn);
			if (personalData?.plaintextRows) log(`警告：仍有 ${personalData.plaintextRows} 名信访人的身份证号或电话是明文（以本版本启动一次即加密），本备份含明文个人信息`);
			if (personalData?.inUse.length) log(`个人信息以密钥 ${personalData.inUse.join('、')} 加密；备份不含密钥，恢复时须另行提供密钥文件`);
			const sequences = await conn<Sequence[]>`select sequencename as name, last_value::text as value from pg_sequences where schemaname = 'public' order by 1`;
			const files: BackupFile[] = [];
			if (tool) {
				await runPgDump(tool, url, snapshot, path.join(partial, 'database.dump'), tables.length, log);
				files.push({ path: 'database.dump', ...(await sha256File(path.join(partial, 'database.dump'))) });
			} else {
				await mkdir(path.join(partial, 'tables'));
				for (const [i, table] of tables.entries()) {
					log(`导出表 ${table}（${i + 1}/${tables.length}，${facts.counts[table]} 行）`);
					const file = path.join('tables', `${table}.copy.gz`);
					const columns = await copyColumns(conn, table);
					const source = await conn`copy ${conn(table)} (${conn(columns)}) to stdout`.readable();
					// postgres.js (3.4) pauses its socket when a COPY stream's buffer fills and, if the copy
					// ends in the same read, never resumes it: the next query hangs. So the stream is read
					// in flowing mode, never paused; a fast gzip level keeps up, so little is buffered.
					const gzip = createGzip({ level: 1 });
					const written = pipeline(gzip, createWriteStream(path.join(partial, file)));
					// a COPY row is one message: rows are gathered into 1 MB writes (a zlib call per row is slow)
					let rows: Buffer[] = [];
					let size = 0;
					const flush = () => {
						if (size) gzip.write(Buffer.concat(rows, size));
						rows = [];
						size = 0;
					};
					await new Promise<void>((resolve, reject) => {
						source.on('data', (chunk: Buffer) => {
							rows.push(chunk);
							if ((size += chunk.length) >= 1 << 20) flush();
						});
						source.once('end', resolve);
						source.once('error', reject);
					});
					flush();
					gzip.end();
					await written;
					files.push({ path: file, ...(await sha256File(path.join(partial, file))) });
				}
			}
			await conn`commit`;
			manifest = {
				format: FORMAT,
				formatVersion: FORMAT_VERSION,
				createdAt: started.toISOString(),
				app: appVersion(),
				...facts,
				server: { version: server.version, major },
				database: { kind: tool ? 'pg_dump' : 'copy', tool: tool ? `pg_dump ${tool.version}` : null, tables, sequences },
				personalData,
				files
			};
		} catch (error) {
			await conn`rollback`.catch(() => {});
			throw error;
		} finally {
			conn.release();
		}
		await writeFile(path.join(partial, MANIFEST), JSON.stringify(manifest, null, '\t') + '\n');
		await rename(partial, dir);
		return { dir, manifest };
	} catch (error) {
		await rm(partial, { recursive: true, force: true });
		throw error;
	} finally {
		await sql.end({ timeout: 5 });
	}
}

function pickFormat(format: 'auto' | 'pg_dump' | 'copy', major: number, env: Record<string, string | undefined>, log: (m: string) => void): PgTool | null {
	if (format === 'copy') return null;
	const tool = findPgTool('pg_dump', major, env);
	if (tool) {
		log(`使用 ${tool.bin}（PostgreSQL ${tool.version}）导出，数据库服务器版本 ${major}`);
		return tool;
	}
	const found = listPgTools('pg_dump', env).map((t) => `${t.bin}（${t.major}）`).join('、') || '无';
	if (format === 'pg_dump')
		throw new OpsError(`找不到与数据库服务器（PostgreSQL ${major}）匹配的 pg_dump，已有：${found}`, `请安装 PostgreSQL ${major} 或更新版本的客户端工具，并用 PG_BIN_DIR 指向其 bin 目录`);
	log(`没有版本不低于服务器（PostgreSQL ${major}）的 pg_dump（已有：${found}；pg_dump 拒绝导出更新版本的服务器），改用内置格式：在同一快照中逐表 COPY 导出`);
	return null;
}

function runPgDump(tool: PgTool, url: string, snapshot: string, file: string, tables: number, log: (m: string) => void): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(tool.bin, ['--format=custom', '--compress=6', `--snapshot=${snapshot}`, '--verbose', `--file=${file}`, `--dbname=${url}`], { stdio: ['ignore', 'ignore', 'pipe'] });
		let tail = '';
		let done = 0;
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (chunk: string) => {
			tail = (tail + chunk).slice(-4000);
			for (const match of chunk.matchAll(/dumping contents of table "?public"?\."?([a-z0-9_]+)"?/g)) log(`导出表 ${match[1]}（${++done}/${tables}）`);
		});
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0 ? resolve() : reject(new OpsError(`pg_dump 失败（退出码 ${code}）：${tail.trim().split('\n').slice(-3).join(' ')}`, '请检查数据库连接与磁盘空间'))
		);
	});
}

