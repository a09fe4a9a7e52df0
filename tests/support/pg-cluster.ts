import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, type Sql } from '../../src/lib/server/db/connection.ts';
import { migrate } from '../../src/lib/server/db/migrate.ts';
import { generateDemoData } from '../../src/lib/server/sim/generate.ts';
import { useTestKeyring } from './personal-data.ts';

/**
 * Throw-away PostgreSQL servers for tests that need more than a database: a primary of their own
 * (replication allowed from loopback, WAL for a streaming replica) and a replica made from it by
 * pg_basebackup. Uses the server binaries of the machine (Debian's /usr/lib/postgresql/<n>/bin, or
 * PG_BIN_DIR). Postgres refuses to run as root: as root, every command runs as the `postgres` user.
 */
export type Cluster = { dir: string; port: number; url: (database?: string) => string; stop: (mode?: 'fast' | 'immediate') => void; start: () => void };

export function pgBinDir(): string {
	const candidates = [process.env.PG_BIN_DIR, ...(existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin`) : [])];
	const found = candidates.find((d) => d && existsSync(path.join(d, 'initdb')) && existsSync(path.join(d, 'pg_basebackup')));
	if (!found) throw new Error('找不到 PostgreSQL 服务器程序（initdb、pg_basebackup）：请安装 postgresql 或设置 PG_BIN_DIR');
	return found;
}

const asRoot = process.getuid?.() === 0;

function run(bin: string, args: string[]): string {
	const file = path.join(pgBinDir(), bin);
	return asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) : execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** A folder the server's user owns, removed by `cleanup`. */
export function serverRoot(): { root: string; cleanup: () => void } {
	const root = mkdtempSync(path.join(tmpdir(), 'lw-pg-'));
	if (asRoot) execFileSync('chown', ['postgres:postgres', root]);
	return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

function cluster(dir: string, port: number, socketDir: string): Cluster {
	const start = () => void run('pg_ctl', ['-D', dir, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', `-p ${port} -k ${socketDir}`, 'start']);
	start();
	return {
		dir,
		port,
		url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
		stop: (mode = 'fast') => void run('pg_ctl', ['-D', dir, '-m', mode, '-w', 'stop']),
		start
	};
}

/** A primary on a free loopback port: trust for loopback and replication, WAL for streaming. */
export async function startPrimary(root: string): Promise<Cluster> {
	const dir = path.join(root, 'primary');
	run('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
	appendFileSync(
		path.join(dir, 'postgresql.conf'),
		"\nlisten_addresses = '127.0.0.1'\nwal_level = replica\nmax_wal_senders = 5\nhot_standby = on\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nshared_buffers = 32MB\nmax_connections = 60\n"
	);
	return cluster(dir, await freePort(), root);
}

/** A streaming replica of `primary` (pg_basebackup -R: standby.signal and primary_conninfo written), started on a free port. */
export async function startReplica(root: string, primary: Cluster): Promise<Cluster> {
	const dir = path.join(root, 'replica');
	run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', dir, '-R', '-X', 'stream', '-c', 'fast']);
	return cluster(dir, await freePort(), root);
}

/** A primary whose database `liaowang` holds the app's schema and demo data, with a pool on it. */
export async function primaryWithDemo(root: string, demo: { items: number; seed: string }): Promise<{ primary: Cluster; sql: Sql }> {
	useTestKeyring(); // the demo seals petitioners' personal data
	const primary = await startPrimary(root);
	const admin = connect(primary.url(), { max: 1 });
	await admin`create database liaowang`;
	await admin.end();
	const sql = connect(primary.url('liaowang'), { max: 4 });
	await migrate(sql);
	await generateDemoData(sql, demo);
	return { primary, sql };
}
