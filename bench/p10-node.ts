/**
 * P10, a node's weight: the real server (`node server.ts --demo`, this tree's build) on a
 * 200,000-item demo with the live simulator (SIM_RATE=120) and 100 province screens. A preloaded
 * sampler (bench/lib/memory-sampler.ts) writes `process.memoryUsage()` and `process.cpuUsage()`
 * every 5 s; the screens (`socket.io-client`, each with its own session of the demo's province
 * leader) connect at 60 s and stay for BENCH_MINUTES. Reported: RSS at 45 s, RSS median / p90 /
 * min / max over the screens' period, heapUsed and heapTotal medians, user CPU of the first 60 s,
 * frames received per screen.
 *
 *   npm run build && npm run bench:p10         generates the demo in a private database (dropped after)
 *   BENCH_KEEP=1 npm run bench:p10             keeps the database and its key file (both printed) for another run
 *   BENCH_DATABASE_URL=postgres://… BENCH_KEY_FILE=… npm run bench:p10   an existing demo and its personal-data key file
 *   BENCH_NODE_FLAGS='--max-semi-space-size=16' npm run bench:p10       V8 flags for the server (default: the server's
 *                                                                      own, src/lib/server/node-flags.ts; empty: V8's)
 *   BENCH_SNAPSHOT=1 npm run bench:p10         a heap snapshot of the server at the end (path printed)
 *   BENCH_NO_MALLOC=1 npm run bench:p10        without the server's malloc settings (SERVER_MALLOC_ENV): glibc's defaults
 * To measure another revision, copy this file and bench/lib/memory-sampler.ts into its worktree
 * (built) and run it there against the same kept database.
 * Settings: BENCH_ITEMS (200000), BENCH_MINUTES (15), BENCH_SCREENS (100), BENCH_CONNECT_AT (60 s), BENCH_PORT
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as ioClient, type Socket } from 'socket.io-client';
import { connect } from '../src/lib/server/db/connection.ts';
import { generateDemoData } from '../src/lib/server/sim/generate.ts';
import { newKeyFile, parseKeyring, setKeyring } from '../src/lib/server/personal-data/keyring.ts';
import { ensureDemoUsers } from '../src/lib/server/auth/demo-users.ts';
import { createSession, generateSessionToken, SESSION_COOKIE } from '../src/lib/server/auth/session.ts';
import { SERVER_NODE_FLAGS, serverMallocEnv } from '../src/lib/server/node-flags.ts';
import { createBenchDatabase, machine, monotonicMs, onInterrupt, saveResult, setting, sleep } from './lib/env.ts';
import { takeHeapSnapshot } from './lib/snapshot.ts';

const ITEMS = setting('ITEMS', 200_000, 20_000);
const MINUTES = setting('MINUTES', 15, 2);
const SCREENS = setting('SCREENS', 100, 10);
const CONNECT_AT = setting('CONNECT_AT', 60);
const PORT = setting('PORT', 3000 + (process.pid % 20_000));
const existing = process.env.BENCH_DATABASE_URL;
const keep = process.env.BENCH_KEEP === '1';
// the server's own flags unless told otherwise (BENCH_NODE_FLAGS= with nothing: V8's defaults)
const nodeFlags = process.env.BENCH_NODE_FLAGS === undefined ? [...SERVER_NODE_FLAGS] : process.env.BENCH_NODE_FLAGS.split(/\s+/).filter(Boolean);
const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(path.join(os.tmpdir(), 'lw-p10-'));

// the generator seals petitioners' personal data: the server must open it with the same key
let keyText: string;
if (existing) {
	if (!process.env.BENCH_KEY_FILE) throw new Error('BENCH_DATABASE_URL needs BENCH_KEY_FILE (the key file printed by the BENCH_KEEP run)');
	keyText = readFileSync(process.env.BENCH_KEY_FILE, 'utf8');
} else keyText = newKeyFile();
setKeyring(parseKeyring(keyText, 'bench'));

const db = existing ? { url: existing, name: new URL(existing).pathname.slice(1), sql: connect(existing, { max: 4, appName: 'liaowang-bench' }), drop: async () => {} } : await createBenchDatabase('p10', { max: 4 });
const { sql } = db;
const info = await machine(sql);
console.log(`# P10 a node's weight\n${JSON.stringify(info)}`);

const percentile = (xs: number[], q: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * q))] : NaN;
};
const MB = (bytes: number) => Math.round(bytes / 2 ** 20);

let server: ReturnType<typeof spawn> | null = null;
const stopServer = async () => {
	if (!server || server.exitCode !== null) return;
	const exited = new Promise((r) => server!.once('exit', r));
	server.kill('SIGTERM');
	const timer = setTimeout(() => server?.kill('SIGKILL'), 20_000);
	await exited;
	clearTimeout(timer);
};
onInterrupt(stopServer);
const sockets: Socket[] = [];

try {
	if (!existing) {
		const t = monotonicMs();
		await generateDemoData(sql, { items: ITEMS, seed: 'liaowang' });
		console.log(`generated ${ITEMS} items in ${((monotonicMs() - t) / 1000).toFixed(1)} s`);
	}
	const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from petition_item`;
	await sql`vacuum analyze`;
	await sleep(5000);

	// the server, as `npm run demo` starts it (the demo data is there: --demo only adds the accounts and letters)
	const samples = path.join(work, 'samples.jsonl');
	const loadAtStart = os.loadavg();
	const started = monotonicMs();
	server = spawn(process.execPath, [...nodeFlags, '--import', new URL('./lib/memory-sampler.ts', import.meta.url).pathname, 'server.ts', '--demo'], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			...(process.env.BENCH_NO_MALLOC ? {} : serverMallocEnv()),
			DATABASE_URL: db.url,
			REDIS_URL: 'redis://127.0.0.1:6379',
			REDIS_PREFIX: `lw-p10-${process.pid}`,
			PORT: String(PORT),
			HOST: '127.0.0.1',
			SIM_RATE: '120',
			PERSONAL_DATA_KEY: keyText,
			LIAOWANG_DATA_DIR: work,
			BENCH_SAMPLES: samples,
			BENCH_SNAPSHOT_DIR: work
		}
	});
	let log = '';
	server.stdout!.on('data', (c: Buffer) => (log += c));
	server.stderr!.on('data', (c: Buffer) => (log += c));
	const base = `http://127.0.0.1:${PORT}`;
	for (;;) {
		if (server.exitCode !== null) throw new Error(`server exited (${server.exitCode}):\n${log.slice(-3000)}`);
		const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
		if (ok) break;
		if (monotonicMs() - started > CONNECT_AT * 1000 - 5000) throw new Error(`server not ready within ${CONNECT_AT - 5} s:\n${log.slice(-3000)}`);
		await sleep(500);
	}
	const readyS = (monotonicMs() - started) / 1000;
	console.log(`server ready in ${readyS.toFixed(1)} s (${n} items)`);

	// the province leader's screens, each with its own session (as a browser would have)
	await ensureDemoUsers(sql);
	const [leader] = await sql<{ id: number }[]>`select id from app_user where username = 'sheng.lingdao'`;
	if (!leader) throw new Error('no sheng.lingdao account in this database');
	const tokens: string[] = [];
	for (let i = 0; i < SCREENS; i++) {
		const token = generateSessionToken();
		await createSession(sql, token, { id: leader.id, role: 'leader' }, { userAgent: 'bench-p10' });
		tokens.push(token);
	}
	await sleep(Math.max(0, CONNECT_AT * 1000 - (monotonicMs() - started)));
	const loadAtConnect = os.loadavg();
	const connectedAtS = (monotonicMs() - started) / 1000;
	const frames = new Array<number>(SCREENS).fill(0);
	const ticks = new Array<number>(SCREENS).fill(0);
	let connected = 0;
	let refused = '';
	let disconnects = 0;
	for (let i = 0; i < SCREENS; i++) {
		const socket = ioClient(base, { transports: ['websocket'], extraHeaders: { cookie: `${SESSION_COOKIE}=${tokens[i]}` }, forceNew: true, reconnection: true });
		socket.on('connect', () => connected++);
		socket.on('connect_error', (e) => (refused ||= e.message));
		socket.on('disconnect', () => (connected--, disconnects++));
		socket.on('feed', () => frames[i]++);
		socket.on('tick', () => ticks[i]++);
		sockets.push(socket);
	}
	await sleep(10_000);
	console.log(`${connected}/${SCREENS} screens connected${refused ? ` (refused: ${refused})` : ''}`);
	if (connected === 0) throw new Error(`no screen connected: ${refused}\n${log.slice(-3000)}`);

	const loads: number[][] = [loadAtStart, loadAtConnect];
	const endAt = started + CONNECT_AT * 1000 + MINUTES * 60_000;
	while (monotonicMs() < endAt) {
		if (server.exitCode !== null) throw new Error(`server exited (${server.exitCode}):\n${log.slice(-3000)}`);
		await sleep(Math.min(60_000, endAt - monotonicMs()));
		loads.push(os.loadavg());
		console.log(`${((monotonicMs() - started) / 60_000).toFixed(1)} min: ${connected} screens, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
	}
	const connectedAtEnd = connected;
	const disconnectsDuring = disconnects; // before the bench closes them
	const snapshot = process.env.BENCH_SNAPSHOT === '1' ? await takeHeapSnapshot(server.pid!, samples) : null;
	for (const s of sockets) s.close();

	type Sample = { t: number; rss: number; heapUsed: number; heapTotal: number; external: number; user: number; system: number };
	const all = readFileSync(samples, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((s) => s.rss) as Sample[];
	const nearest = (t: number) => all.reduce((a, b) => (Math.abs(b.t - t) < Math.abs(a.t - t) ? b : a));
	const during = all.filter((s) => s.t >= connectedAtS && s.t <= connectedAtS + MINUTES * 60);
	const rss = during.map((s) => s.rss);
	const first60 = nearest(60);
	const loadFlat = loads.map((l) => l[0]);
	const result = {
		machine: info,
		revision: process.env.BENCH_REVISION ?? null,
		nodeFlags,
		items: n,
		screens: SCREENS,
		minutes: MINUTES,
		readyS: Math.round(readyS),
		rssAt45MB: MB(nearest(45).rss),
		rssMB: { median: MB(percentile(rss, 0.5)), p90: MB(percentile(rss, 0.9)), min: MB(Math.min(...rss)), max: MB(Math.max(...rss)), samples: rss.length },
		heapUsedMedianMB: MB(percentile(during.map((s) => s.heapUsed), 0.5)),
		heapTotalMedianMB: MB(percentile(during.map((s) => s.heapTotal), 0.5)),
		externalMedianMB: MB(percentile(during.map((s) => s.external), 0.5)),
		userCpuFirst60s: Math.round(first60.user / 1e5) / 10,
		cpuOverScreensPercent: during.length > 1 ? Math.round((1000 * (during.at(-1)!.user + during.at(-1)!.system - during[0].user - during[0].system)) / 1e6 / (during.at(-1)!.t - during[0].t)) / 10 : NaN,
		framesPerScreen: { median: percentile(frames, 0.5), min: Math.min(...frames), max: Math.max(...frames) },
		ticksPerScreen: { median: percentile(ticks, 0.5) },
		connectedAtEnd,
		disconnects: disconnectsDuring,
		loadAverage1m: { atStart: loadAtStart[0], atConnect: loadAtConnect[0], min: Math.min(...loadFlat), median: percentile(loadFlat, 0.5), max: Math.max(...loadFlat) },
		snapshot,
		samples: all.map((s) => [s.t, MB(s.rss), MB(s.heapUsed), MB(s.heapTotal)])
	};
	const { samples: _, machine: __, ...shown } = result;
	console.log(JSON.stringify(shown, null, 1));
	console.log(saveResult('p10-node', result));
} finally {
	for (const s of sockets) s.close();
	await stopServer();
	if (keep && !existing) {
		const keyFile = path.join(work, 'personal-data.key');
		writeFileSync(keyFile, keyText, { mode: 0o600 });
		console.log(`kept: BENCH_DATABASE_URL=${db.url} BENCH_KEY_FILE=${keyFile}`);
	} else await db.drop();
	await sql.end({ timeout: 5 }).catch(() => {});
}
