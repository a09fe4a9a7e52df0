/**
 * What every benchmark shares: the monotonic clock, settings from the environment, the
 * machine and versions to print with the figures, a private database, and child processes.
 */
import { fork, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { connect, type Sql } from '../../src/lib/server/db/connection.ts';
import { migrate } from '../../src/lib/server/db/migrate.ts';
import { loadRegions, type Region } from '../../src/lib/server/sim/regions.ts';

/**
 * Milliseconds on CLOCK_MONOTONIC (what process.hrtime reads on Linux): the same clock in every
 * process on the host, so a send time taken in one process and a receipt time taken in another
 * can be subtracted.
 */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const QUICK = process.env.BENCH_QUICK === '1';

/** A numeric setting: BENCH_<name> from the environment, else the quick or full default. */
export function setting(name: string, full: number, quick = full): number {
	const raw = process.env[`BENCH_${name}`];
	if (raw === undefined || raw === '') return QUICK ? quick : full;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < 0) throw new Error(`BENCH_${name}=${raw} is not a non-negative number`);
	return value;
}

export function listSetting(name: string, fallback: string[]): string[] {
	const raw = process.env[`BENCH_${name}`];
	return raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : fallback;
}

export const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function command(file: string, args: string[]): string {
	try {
		return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
	} catch {
		return 'unknown';
	}
}

function packageVersion(name: string): string {
	try {
		const file = new URL(`../../node_modules/${name}/package.json`, import.meta.url);
		return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
	} catch {
		return 'unknown';
	}
}

export type Machine = Record<string, string | number>;

/** Machine, versions and load at the start: printed with every result. */
export async function machine(sql: Sql): Promise<Machine> {
	const [pg] = await sql<{ version: string }[]>`select current_setting('server_version') as version`;
	const redis = /redis_version:(\S+)/.exec(command('redis-cli', ['-h', '127.0.0.1', 'info', 'server']))?.[1] ?? 'not reachable';
	const os_ = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.type();
	return {
		cpus: os.cpus().length,
		cpuModel: os.cpus()[0]?.model ?? 'unknown',
		memoryGiB: Math.round(os.totalmem() / 2 ** 30),
		os: os_,
		kernel: os.release(),
		loadAverageAtStart: os.loadavg().map((x) => x.toFixed(2)).join(' '),
		node: process.version,
		postgres: pg.version,
		pgbench: command('pgbench', ['--version']).replace(/^pgbench \(PostgreSQL\) /, ''),
		redis,
		'socket.io': packageVersion('socket.io'),
		'socket.io-client': packageVersion('socket.io-client'),
		ws: packageVersion('ws'),
		'postgres.js': packageVersion('postgres'),
		startedAt: new Date().toISOString()
	};
}

/** Busy and total jiffies of the whole machine (all cores), from /proc/stat. */
export function cpuTicks(): { busy: number; total: number } {
	const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
	const fields = line.trim().split(/\s+/).slice(1).map(Number);
	const idle = fields[3] + (fields[4] ?? 0);
	const total = fields.reduce((a, b) => a + b, 0);
	return { busy: total - idle, total };
}

/** Share of all cores busy between two readings, in percent (everyone's work, not only ours). */
export const machineBusy = (a: ReturnType<typeof cpuTicks>, b: ReturnType<typeof cpuTicks>) =>
	b.total > a.total ? Math.round((100 * (b.busy - a.busy)) / (b.total - a.total)) : NaN;

export type BenchDatabase = { url: string; name: string; sql: Sql; regions: Region[]; drop: () => Promise<void> };

/** A private, migrated database with the bundled regions, dropped by `drop()` (also on Ctrl-C). */
export async function createBenchDatabase(tag: string, options: { max?: number } = {}): Promise<BenchDatabase> {
	const name = `lw_bench_${tag}_${process.pid}_${randomBytes(3).toString('hex')}`;
	const admin = connect(ADMIN_URL, { max: 1, appName: 'liaowang-bench-admin' });
	await admin.unsafe(`create database ${name}`);
	const url = new URL(ADMIN_URL);
	url.pathname = `/${name}`;
	const sql = connect(url.toString(), { max: options.max ?? 8, appName: 'liaowang-bench' });
	let dropped = false;
	const drop = async () => {
		if (dropped) return;
		dropped = true;
		await sql.end({ timeout: 5 }).catch(() => {});
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.end({ timeout: 5 });
	};
	onInterrupt(drop);
	await migrate(sql);
	const regions = await loadRegions();
	await sql`insert into region ${sql(regions.map((r) => ({ adcode: r.adcode, name: r.name, level: r.level, parent: r.parent, path: r.path })))}`;
	return { url: url.toString(), name, sql, regions, drop };
}

const interruptHandlers: (() => Promise<unknown>)[] = [];
let interruptHooked = false;
/** Cleans up (databases, children) when the run is interrupted, then exits. */
export function onInterrupt(handler: () => Promise<unknown>): void {
	interruptHandlers.push(handler);
	if (interruptHooked) return;
	interruptHooked = true;
	for (const signal of ['SIGINT', 'SIGTERM'] as const)
		process.once(signal, async () => {
			console.error(`\n${signal}: cleaning up`);
			for (const h of interruptHandlers.reverse()) await h().catch(() => {});
			process.exit(130);
		});
}

/** A forked child speaking JSON-ish messages (advanced serialization: typed arrays pass). */
export type Child = {
	process: ChildProcess;
	send: (message: unknown) => void;
	/** the next message of this type (rejects when the child exits or the time runs out) */
	next: <T = Record<string, unknown>>(type: string, timeoutMs?: number) => Promise<T>;
	on: (type: string, handler: (message: Record<string, unknown>) => void) => void;
	/** asks it to stop, then kills it if it has not exited within the grace period */
	stop: (graceMs?: number) => Promise<void>;
	stderr: () => string;
};

const children = new Set<ChildProcess>();
process.on('exit', () => {
	for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

export function spawnChild(file: string, args: string[] = [], options: { execArgv?: string[]; env?: Record<string, string> } = {}): Child {
	const child = fork(new URL(file, import.meta.url).pathname, args, {
		execArgv: options.execArgv ?? [],
		serialization: 'advanced',
		stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
		env: { ...process.env, ...options.env }
	});
	children.add(child);
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr += chunk;
		if (stderr.length > 20_000) stderr = stderr.slice(-20_000);
		if (process.env.BENCH_VERBOSE === '1') process.stderr.write(chunk);
	});
	const handlers = new Map<string, ((m: Record<string, unknown>) => void)[]>();
	const waiters: { type: string; resolve: (m: never) => void }[] = [];
	child.on('message', (raw) => {
		const message = raw as Record<string, unknown>;
		const type = String(message.type);
		const i = waiters.findIndex((w) => w.type === type);
		if (i >= 0) waiters.splice(i, 1)[0].resolve(message as never);
		for (const h of handlers.get(type) ?? []) h(message);
	});
	const exited = new Promise<void>((resolve) => child.once('exit', () => (children.delete(child), resolve())));
	return {
		process: child,
		send(message) {
			if (child.connected) child.send(message as never);
		},
		next<T>(type: string, timeoutMs = 120_000) {
			return new Promise<T>((resolve, reject) => {
				const waiter = { type, resolve: (m: never) => (clearTimeout(timer), resolve(m as T)) };
				waiters.push(waiter);
				const timer = setTimeout(() => {
					waiters.splice(waiters.indexOf(waiter), 1);
					reject(new Error(`${file}: no '${type}' within ${timeoutMs} ms\n${stderr.slice(-3000)}`));
				}, timeoutMs);
				void exited.then(() => {
					if (!waiters.includes(waiter)) return;
					waiters.splice(waiters.indexOf(waiter), 1);
					clearTimeout(timer);
					reject(new Error(`${file} exited (${child.exitCode ?? child.signalCode}) before '${type}'\n${stderr.slice(-3000)}`));
				});
			});
		},
		on(type, handler) {
			handlers.set(type, [...(handlers.get(type) ?? []), handler]);
		},
		async stop(graceMs = 15_000) {
			if (child.exitCode !== null || child.signalCode !== null) return;
			if (child.connected) child.send({ type: 'stop' });
			const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
		},
		stderr: () => stderr
	};
}

/** For a child: messages from the parent by type. */
export function onParent(handler: (message: Record<string, unknown>) => void | Promise<void>): void {
	process.on('message', (m) => void handler(m as Record<string, unknown>));
}

export const toParent = (message: unknown) => process.send?.(message as never);

/** Writes a result file under bench/results (not committed) and returns its path. */
export function saveResult(name: string, data: unknown): string {
	const dir = new URL('../results/', import.meta.url).pathname;
	mkdirSync(dir, { recursive: true });
	const file = `${dir}${new Date().toISOString().replace(/[:.]/g, '-')}-${name}.json`;
	writeFileSync(file, JSON.stringify(data, null, 2));
	return file;
}

/** The county regions (where petitions arise), in adcode order. */
export const countiesOf = (regions: Region[]) => regions.filter((r) => r.level === 'county').sort((a, b) => (a.adcode < b.adcode ? -1 : 1));

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU time (user + system, ms) a process has used so far, read from outside it; 0 once it is gone. */
export function processCpuMs(pid: number | undefined): number {
	if (!pid) return 0;
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
	} catch {
		return 0;
	}
}

/** CPU used so far by the Postgres backends serving one database (ms), by pid. */
export async function backendCpu(sql: Sql): Promise<Map<number, number>> {
	const rows = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database()`;
	return new Map(rows.map((r) => [r.pid, processCpuMs(r.pid)]));
}

/** CPU the backends used between two readings (a backend that started in between counts from 0). */
export function backendCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
	let total = 0;
	for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
	return total;
}
