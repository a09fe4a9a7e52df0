/**
 * P6's day on the wall: a day of the live simulator's events (its default 120 changes a minute)
 * replayed at 60× — 7,200 a minute for 24 minutes — through the real server (demo data, the
 * shipped V8 flags), to a province wall in Chromium at 3840×2160 reached through a TCP proxy
 * the bench can cut. Once, halfway, the proxy drops every connection for 30 s on purpose.
 *
 * Reported: the tab's JS heap after a forced GC and the server's RSS, sampled through the run,
 * each against its sample at the end of warm-up (P6: flat within ±10 %); when the wall showed
 * its stale-data watermark (expected only from the cut until the feed is back); whether the
 * wall's seq caught up with the database at the end.
 *
 *   npm run build && npm run bench:soak          full: 24 min at 7,200 changes/min
 *   BENCH_QUICK=1 npm run bench:soak             quick: 4 min
 *   BENCH_SNAPSHOT=1 npm run bench:soak          also a heap snapshot of the server after warm-up and at the end
 *   BENCH_ALLOC_PROFILE=<s> npm run bench:soak   also every allocation of the server's first s seconds (bench/lib/alloc-summary.ts);
 *                                                 <from>-<to>: of that window of the server's uptime
 *   BENCH_SNAPSHOT_ABOVE_MB=<mb> npm run bench:soak   a heap snapshot of the server the first time its heap in use passes mb
 * Settings: BENCH_MINUTES  BENCH_SIM_RATE (changes/min)  BENCH_ITEMS (demo history)  BENCH_NODE_FLAGS (more V8 flags)
 *           MALLOC_* (passed on to the server over the shipped SERVER_MALLOC_ENV: glibc's malloc tunables, e.g. MALLOC_ARENA_MAX)
 *           BENCH_WARMUP (min, the reference sample)  BENCH_CUT (s)  BENCH_WIDTH, BENCH_HEIGHT
 */
import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { SERVER_NODE_FLAGS, serverMallocEnv } from '../src/lib/server/node-flags.ts';
import { generateDemoData } from '../src/lib/server/sim/generate.ts';
import { signIn, withDemoUsers } from '../tests/support/auth.ts';
import { launchBrowser } from '../tests/support/browser.ts';
import { createTestDatabase } from '../tests/support/db.ts';
import { startServer } from '../tests/support/server.ts';
import { tcpRelay } from '../tests/support/tcp-relay.ts';
import { QUICK, machine, saveResult, setting, sleep } from './lib/env.ts';
import { round } from './lib/stats.ts';
import { heapSample } from './lib/wall-page.ts';
import { takeHeapSnapshot } from './lib/snapshot.ts';

const MINUTES = setting('MINUTES', 24, 4);
const SIM_RATE = setting('SIM_RATE', 120 * 60);
const ITEMS = setting('ITEMS', 20_000, 6000);
const WARMUP_MIN = setting('WARMUP', 2, 1);
const CUT_S = setting('CUT', 30, 20);
const WIDTH = setting('WIDTH', 3840);
const HEIGHT = setting('HEIGHT', 2160);
const SAMPLE_S = QUICK ? 15 : 30;
/** the watermark may stay up this long after the proxy lets the browser back in (reconnect back-off, then a resume) */
const RECOVER_S = 20;

/** BENCH_NODE_FLAGS="--flag …": V8 flags to try on the server beside the shipped ones */
const EXTRA_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const db = await createTestDatabase();
console.log(`# soak: ${MINUTES} min of the simulator at ${SIM_RATE} changes/min (a day at 60× when 7,200), ${ITEMS} demo items${QUICK ? ' (quick)' : ''}; server flags ${[...SERVER_NODE_FLAGS, ...EXTRA_FLAGS].join(' ')}`);
await generateDemoData(db.sql, { items: ITEMS, seed: 'soak' });
await withDemoUsers(db.sql);
// the server's own figures (process.memoryUsage every 5 s; a heap snapshot on SIGUSR2) from the P10 sampler
mkdirSync('bench/results', { recursive: true }); // a fresh clone has none: the sampler appends to it from the server's first moment
const SAMPLES = `bench/results/soak-server-${Date.now()}.jsonl`;
const SAMPLER = new URL('./lib/memory-sampler.ts', import.meta.url).pathname;
const server = await startServer({ DATABASE_URL: db.url, SIM_RATE: String(SIM_RATE), BENCH_SAMPLES: SAMPLES, BENCH_SNAPSHOT_DIR: 'bench/results', BENCH_ALLOC_PROFILE: process.env.BENCH_ALLOC_PROFILE ?? '0', BENCH_SNAPSHOT_ABOVE_MB: process.env.BENCH_SNAPSHOT_ABOVE_MB ?? '0', ...serverMallocEnv() }, 120_000, [...SERVER_NODE_FLAGS, ...EXTRA_FLAGS, '--import', SAMPLER]);
const info = await machine(db.sql);

/** A TCP proxy in front of the server: while cut, it refuses new connections (the cut itself drops the open ones). */
const proxy = await tcpRelay(server.url);
const proxyUrl = `http://127.0.0.1:${proxy.port}`;

const rssMB = () => {
	const line = readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
	return line ? round(Number(line[1]) / 1024, 1) : NaN;
};
/** the sampler's newest line: the server's JS heap in use, V8's reserve for it, and memory outside it (MB) */
const serverHeap = () => {
	const lines = readFileSync(SAMPLES, 'utf8').trim().split('\n');
	const m = JSON.parse(lines.findLast((l) => l.includes('heapUsed')) ?? '{}') as { heapUsed?: number; heapTotal?: number; external?: number };
	const mb = (x?: number) => (x === undefined ? NaN : round(x / 2 ** 20, 1));
	return { heapUsedMB: mb(m.heapUsed), heapTotalMB: mb(m.heapTotal), externalMB: mb(m.external) };
};
/** BENCH_SNAPSHOT=1: a heap snapshot of the server (path returned; summarise with bench/lib/heap-summary.ts) */
const heapSnapshot = async () => {
	const path = await takeHeapSnapshot(server.pid, SAMPLES);
	console.log(`heap snapshot: ${path}`);
	return path;
};
const SNAPSHOTS = process.env.BENCH_SNAPSHOT === '1';
const lastSeq = async () => Number((await db.sql<{ seq: string }[]>`select last_seq::text as seq from feed_state`)[0].seq);

const browser = await launchBrowser();
try {
	const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await signIn(page, proxyUrl, 'dapin');
	await page.waitForSelector('.feed[data-status=live]', { timeout: 30_000 });
	// the watermark's comings and goings, as the page saw them (looked at every 250 ms)
	await page.evaluate(() => {
		const w = globalThis as unknown as { __stale: { at: number; on: boolean }[] };
		w.__stale = [];
		let on = false;
		setInterval(() => {
			const now = !!document.querySelector('[data-testid=stale-watermark]');
			if (now !== on) w.__stale.push({ at: Date.now(), on: (on = now) });
		}, 250);
	});
	const wallSeq = () => page.getAttribute('.feed', 'data-seq').then(Number);

	type Sample = { minute: number; heapMB: number; rssMB: number; heapUsedMB: number; heapTotalMB: number; externalMB: number; seq: number; wallSeq: number };
	const samples: Sample[] = [];
	const started = Date.now();
	const seqAtStart = await lastSeq();
	const cutAt = started + (MINUTES * 60_000) / 2;
	let cutWindow: { from: number; to: number } | null = null;
	while (Date.now() - started < MINUTES * 60_000) {
		const next = Date.now() + SAMPLE_S * 1000;
		if (!cutWindow && Date.now() >= cutAt) {
			// the feed cut on purpose: every connection dropped, new ones refused, for CUT_S
			proxy.refusing = true;
			const from = Date.now();
			proxy.cut();
			await page.screenshot({ path: 'bench/results/soak-before-cut.png' }).catch(() => {});
			await sleep(CUT_S * 1000);
			await page.screenshot({ path: 'bench/results/soak-cut.png' });
			proxy.refusing = false;
			cutWindow = { from, to: Date.now() };
			console.log(`feed cut at ${round((from - started) / 60_000, 2)} min for ${CUT_S} s`);
			continue;
		}
		const sample = { minute: round((Date.now() - started) / 60_000, 2), heapMB: await heapSample(page), rssMB: rssMB(), ...serverHeap(), seq: await lastSeq(), wallSeq: await wallSeq() };
		samples.push(sample);
		if (SNAPSHOTS && samples.filter((x) => x.minute >= WARMUP_MIN).length === 1) await heapSnapshot();
		console.log(`${sample.minute} min: tab heap ${sample.heapMB} MB, server RSS ${sample.rssMB} MB (heap ${sample.heapUsedMB} of ${sample.heapTotalMB}, external ${sample.externalMB}), feed seq ${sample.seq} (wall ${sample.wallSeq})`);
		await sleep(Math.max(0, next - Date.now()));
	}

	if (SNAPSHOTS) await heapSnapshot();
	// at the end the wall holds what the database holds
	const endSeq = await lastSeq();
	const caughtUp = await page
		.waitForFunction((seq) => Number(document.querySelector('.feed')?.getAttribute('data-seq')) >= seq, endSeq, { timeout: 15_000 })
		.then(() => true)
		.catch(() => false);
	await page.screenshot({ path: 'bench/results/soak-end.png' });
	const stale = await page.evaluate(() => (globalThis as unknown as { __stale: { at: number; on: boolean }[] }).__stale);
	const expected = (at: number) => !!cutWindow && at >= cutWindow.from && at <= cutWindow.to + RECOVER_S * 1000;
	const unexpected = stale.filter((s) => s.on && !expected(s.at));
	const stillOn = stale.length > 0 && stale[stale.length - 1].on;

	const measured = samples.filter((s) => s.minute >= WARMUP_MIN);
	const drift = (key: 'heapMB' | 'rssMB' | 'heapUsedMB') => {
		const ref = measured[0][key];
		const pct = measured.map((s) => ((s[key] - ref) / ref) * 100);
		return { reference: ref, last: measured[measured.length - 1][key], lastPct: round(pct[pct.length - 1]), minPct: round(Math.min(...pct)), maxPct: round(Math.max(...pct)) };
	};
	const changes = endSeq - seqAtStart;
	const result = {
		minutes: MINUTES,
		simRate: SIM_RATE,
		items: ITEMS,
		viewport: `${WIDTH}×${HEIGHT}`,
		serverFlags: [...SERVER_NODE_FLAGS, ...EXTRA_FLAGS],
		feedEvents: changes,
		eventsPerMinute: round(changes / ((Date.now() - started) / 60_000)),
		heap: drift('heapMB'),
		rss: drift('rssMB'),
		serverHeapUsed: drift('heapUsedMB'),
		cut: cutWindow && { fromMin: round((cutWindow.from - started) / 60_000, 2), seconds: CUT_S },
		watermark: stale.map((s) => ({ minute: round((s.at - started) / 60_000, 2), on: s.on })),
		unexpectedWatermarks: unexpected.length,
		watermarkAtEnd: stillOn,
		caughtUp,
		pageErrors: errors,
		loadAverage: os.loadavg().map((l) => round(l))
	};
	console.log(`\n## soak, ${result.eventsPerMinute} feed events/min over ${MINUTES} min (${changes} in all)`);
	console.log(`tab heap after GC: ${result.heap.reference} MB at ${WARMUP_MIN} min → ${result.heap.last} MB (${result.heap.lastPct} %; range ${result.heap.minPct} … ${result.heap.maxPct} %)`);
	console.log(`server RSS: ${result.rss.reference} MB at ${WARMUP_MIN} min → ${result.rss.last} MB (${result.rss.lastPct} %; range ${result.rss.minPct} … ${result.rss.maxPct} %)`);
	console.log(`server JS heap in use: ${result.serverHeapUsed.reference} MB at ${WARMUP_MIN} min → ${result.serverHeapUsed.last} MB (${result.serverHeapUsed.lastPct} %; range ${result.serverHeapUsed.minPct} … ${result.serverHeapUsed.maxPct} %)`);
	console.log(`watermark: ${result.watermark.map((w) => `${w.on ? 'on' : 'off'} ${w.minute}`).join(', ') || 'never'}; outside the cut ${result.unexpectedWatermarks}; on at the end ${stillOn}`);
	console.log(`wall caught up with the database at the end: ${caughtUp}; page errors ${errors.length}; load ${result.loadAverage.join(' ')}`);
	console.log(`saved ${saveResult('soak', { machine: info, result, samples })}`);
	await page.close();
} finally {
	await browser.close();
	await proxy.close();
	await server.stop();
	await db.drop();
}
