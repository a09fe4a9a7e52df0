/**
 * P6 (server side): memory per idle socket. A fresh server process (ours: the real runtime and
 * Socket.io; for scale, the naive Socket.io baseline and raw `ws`) is measured after forced
 * garbage collection, then N idle screens connect from two other processes, everything settles,
 * and it is measured again: (after − before) / N, for RSS and for the JS heap. Repeated with a
 * fresh server each time. (The wall tab's heap over 24 h, the other half of P6, is a browser
 * measurement and is not taken here.)
 *
 *   npm run bench:p6                  full: 1,000 and 5,000 sockets, 3 repetitions
 *   BENCH_QUICK=1 npm run bench:p6    quick: 1 repetition
 * Settings: BENCH_COUNTS=1000,5000  BENCH_REPEATS  BENCH_VARIANTS=ours,baseline,floor  BENCH_SETTLE (s)
 */
import { createSession, generateSessionToken } from '../src/lib/server/auth/session.ts';
import { round, summarize } from './lib/stats.ts';
import { QUICK, createBenchDatabase, listSetting, machine, saveResult, setting, sleep, spawnChild, type Child } from './lib/env.ts';
import type { ClientSpec, Mode } from './feed/shared.ts';

const COUNTS = listSetting('COUNTS', ['1000', '5000']).map(Number);
const REPEATS = Math.max(1, setting('REPEATS', 3, 1));
const VARIANTS = listSetting('VARIANTS', ['ours', 'baseline', 'floor']) as Mode[];
const SETTLE_S = setting('SETTLE', 5, 3);
const PROCS = 2;

const db = await createBenchDatabase('p6');
const { sql } = db;
const info = await machine(sql);
console.log(`# P6 memory per idle socket${QUICK ? ' (quick)' : ''}\n${JSON.stringify(info)}`);
console.log(`counts ${COUNTS.join(', ')}; ${REPEATS} repetitions; variants ${VARIANTS.join(', ')}; settle ${SETTLE_S} s`);

const province = db.regions.find((r) => r.level === 'province')!.adcode;
const [user] = await sql<{ id: number }[]>`
	insert into app_user (username, display_name, password_hash, role, scope_region, screen_name)
	values ('bench_p6', '基准测试大屏', 'not-a-password', 'display', ${province}, '基准大屏') returning id`;
const clients: ClientSpec[] = [];
for (let i = 0; i < Math.max(...COUNTS); i++) {
	const token = generateSessionToken();
	await createSession(sql, token, { id: user.id, role: 'display' });
	clients.push({ token, scope: province });
}

type Memory = { rss: number; heapUsed: number; external: number; arrayBuffers: number; gc: boolean };
type Sample = { variant: Mode; count: number; repeat: number; connected: number; rssPerSocketKB: number; heapPerSocketKB: number; externalPerSocketKB: number; before: Memory; after: Memory };
const samples: Sample[] = [];

async function measure(variant: Mode, count: number, repeat: number): Promise<Sample> {
	const started: Child[] = [];
	try {
		const server = spawnChild('../feed/server.ts', [variant], { execArgv: ['--expose-gc'], env: { BENCH_DB_URL: db.url } });
		started.push(server);
		const { port } = await server.next<{ port: number }>('ready', 60_000);
		await sleep(2000); // the runtime's first timers and lazy modules
		server.send({ type: 'memory' });
		const before = await server.next<Memory>('memory');
		if (!before.gc) throw new Error('the server was started without --expose-gc');
		const procs = Array.from({ length: PROCS }, () => spawnChild('../feed/clients.ts'));
		started.push(...procs);
		await Promise.all(procs.map((p) => p.next('ready', 30_000)));
		const share = (k: number) => clients.slice(0, count).filter((_, i) => i % PROCS === k);
		procs.forEach((p, k) =>
			p.send({ type: 'start', url: `http://127.0.0.1:${port}`, mode: variant, clients: share(k), startSeq: 0, official: 0, idle: true, connectTimeoutMs: 120_000 })
		);
		const connected = (await Promise.all(procs.map((p) => p.next<{ connected: number }>('connected', 600_000)))).reduce((a, r) => a + r.connected, 0);
		await sleep(SETTLE_S * 1000);
		server.send({ type: 'memory' });
		const after = await server.next<Memory>('memory');
		const per = (field: 'rss' | 'heapUsed' | 'external') => round((after[field] - before[field]) / connected / 1024, 1);
		return { variant, count, repeat, connected, rssPerSocketKB: per('rss'), heapPerSocketKB: per('heapUsed'), externalPerSocketKB: per('external'), before, after };
	} finally {
		await Promise.all(started.map((c) => c.stop()));
	}
}

try {
	for (let r = 1; r <= REPEATS; r++)
		for (const count of COUNTS)
			for (const variant of VARIANTS) {
				const s = await measure(variant, count, r);
				samples.push(s);
				console.log(
					`  r${r} ${variant.padEnd(9)} ${String(s.connected).padStart(5)} sockets: RSS ${s.rssPerSocketKB} KB, heap ${s.heapPerSocketKB} KB, external ${s.externalPerSocketKB} KB per socket ` +
						`(RSS ${Math.round(s.before.rss / 2 ** 20)} → ${Math.round(s.after.rss / 2 ** 20)} MB)`
				);
			}
} finally {
	await db.drop();
}

console.log('\n| variant | sockets | RSS per socket, KB (median of runs; min–max) | JS heap per socket, KB (median) | server RSS with them, MB |');
console.log('|---|---|---|---|---|');
const table: Record<string, unknown>[] = [];
for (const variant of VARIANTS)
	for (const count of COUNTS) {
		const ss = samples.filter((s) => s.variant === variant && s.count === count);
		const rss = summarize(ss.map((s) => s.rssPerSocketKB));
		const heap = summarize(ss.map((s) => s.heapPerSocketKB));
		const mb = Math.round(summarize(ss.map((s) => s.after.rss)).p50 / 2 ** 20);
		const min = Math.min(...ss.map((s) => s.rssPerSocketKB));
		const max = Math.max(...ss.map((s) => s.rssPerSocketKB));
		table.push({ variant, count, rssPerSocketKB: rss.p50, rssMin: min, rssMax: max, heapPerSocketKB: heap.p50, serverRssMB: mb });
		console.log(`| ${variant} | ${count.toLocaleString('en')} | ${rss.p50} (${min}–${max}) | ${heap.p50} | ${mb} |`);
	}
const ours = table.filter((t) => t.variant === 'ours');
console.log(`\nP6 target (≤ 60 KB per idle socket, ours): ${ours.every((t) => (t.rssPerSocketKB as number) <= 60) ? 'met' : 'MISSED'} — ${ours.map((t) => `${t.count}: ${t.rssPerSocketKB} KB`).join(', ')}`);
console.log(`results: ${saveResult(`p6${QUICK ? '-quick' : ''}`, { machine: info, settings: { COUNTS, REPEATS, VARIANTS, SETTLE_S }, table, samples })}`);
process.exit(0);
