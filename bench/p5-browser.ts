/**
 * P5 and the browser half of P6: the command wall in Chromium at 3840×2160 while petitions are
 * written at 50/s through the real feed (SQL → outbox → relay → Socket.io → the wall's store).
 *
 *   P5: main-thread time per applied update (performance.measure around the store's apply, which
 *       includes every chart's setOption in that frame) in wall-clock and in CPU (thread) time
 *       from a Chrome trace, long tasks (PerformanceObserver; and by CPU time from the trace),
 *       setOption calls per second, most setOptions per chart per frame, and incremental
 *       setOption (what the wall does) against a full rebuild (notMerge) of the same chart.
 *   P6: the tab's JS heap after forced GC, sampled through a bounded accelerated replay.
 *
 *   npm run build && npm run bench:p5            full: 60 s measured, 4 min heap replay
 *   BENCH_QUICK=1 npm run bench:p5               quick: 20 s, 1 min
 * Settings: BENCH_RATE (events/s, 50)  BENCH_WIDTH, BENCH_HEIGHT (3840×2160)  BENCH_SECONDS  BENCH_HEAP_MINUTES  BENCH_ITEMS (demo history)
 */
import os from 'node:os';
import { generateDemoData } from '../src/lib/server/sim/generate.ts';
import { launchBrowser } from '../tests/support/browser.ts';
import { signIn, withDemoUsers } from '../tests/support/auth.ts';
import { createTestDatabase } from '../tests/support/db.ts';
import { startServer } from '../tests/support/server.ts';
import { QUICK, machine, saveResult, setting, sleep } from './lib/env.ts';
import { round, summarize } from './lib/stats.ts';
import { fullRebuildCost, heapSample, pageStats, resetPageStats, traceMainThread, watchPage } from './lib/wall-page.ts';

const RATE = setting('RATE', 50);
const SECONDS = setting('SECONDS', 60, 20);
const HEAP_MINUTES = setting('HEAP_MINUTES', 4, 1);
const ITEMS = setting('ITEMS', 20_000, 6000);
const WIDTH = setting('WIDTH', 3840);
const HEIGHT = setting('HEIGHT', 2160);

const db = await createTestDatabase();
await generateDemoData(db.sql, { items: ITEMS, seed: 'p5' });
await withDemoUsers(db.sql);
const server = await startServer({ DATABASE_URL: db.url });
const browser = await launchBrowser();
const info = await machine(db.sql);
console.log(`# P5 browser at ${WIDTH}×${HEIGHT}, ${RATE} events/s${QUICK ? ' (quick)' : ''}\n${JSON.stringify({ ...info, chromium: browser.version() })}`);

const counties = (await db.sql<{ adcode: string }[]>`select adcode from region where level = 'county' order by adcode`).map((r) => r.adcode);
const CATEGORIES = ['land', 'labour', 'housing', 'legal', 'rural', 'environment', 'health', 'education'];
const CHANNELS = ['letter', 'visit', 'online', 'phone'];
const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
let written = 0;
let late = 0;

/** Open-loop writer: one change per 1/RATE s on a fixed schedule (4 in 5 new items, 1 a re-categorised one). */
async function write(seconds: number): Promise<void> {
	const start = performance.now();
	const total = Math.round(seconds * RATE);
	const inflight: Promise<unknown>[] = [];
	for (let i = 0; i < total; i++) {
		const wait = start + (i * 1000) / RATE - performance.now();
		if (wait > 0) await sleep(wait);
		else if (wait < -100) late++;
		const n = written++;
		const county = counties[n % counties.length];
		const category = CATEGORIES[n % CATEGORIES.length];
		const query =
			n % 5 === 4
				? db.sql`update petition_item set category = ${category} where id = (select max(id) - ${n % 50} from petition_item)`
				: db.sql`insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due, headcount)
				         values (${`${county}-${day.replaceAll('-', '')}-${String(900000 + (n % 99999)).padStart(6, '0')}`}, ${CHANNELS[n % 4]}, now(), ${county},
				                 ${category}, 'appeal', '基准测试', ${day}::date + 15, ${n % 97 === 0 ? 8 : 1})
				         on conflict (serial) do nothing`;
		inflight.push(query.catch((e: Error) => console.error(e.message)));
		if (inflight.length > 200) await Promise.all(inflight.splice(0));
	}
	await Promise.all(inflight);
}

try {
	const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
	await signIn(page, server.url, 'dapin');
	await page.waitForSelector('.feed[data-status=live]', { timeout: 30_000 });
	await page.waitForFunction(() => document.querySelectorAll('[data-panel=map] canvas').length > 0, null, { timeout: 30_000 });
	await watchPage(page);
	await write(5); // warm-up, discarded
	await sleep(1000);
	await resetPageStats(page);
	const stopTrace = await traceMainThread(page);
	const started = performance.now();
	await write(SECONDS);
	await sleep(1000);
	const elapsed = (performance.now() - started) / 1000;
	const cpu = await stopTrace();
	const stats = await pageStats(page);
	const update = summarize(stats.updateMs);
	const reducers = summarize(stats.applyMs);
	const updateCpu = summarize(cpu.updateCpuMs);
	const cpuLongTasks = cpu.taskCpuMs.filter((ms) => ms > 50);
	const setOption = summarize(stats.setOptionMs);
	const rebuild = await fullRebuildCost(page);
	const result = {
		rate: RATE,
		seconds: round(elapsed),
		written: Math.round(SECONDS * RATE),
		lateSends: late,
		eventsApplied: stats.events,
		appliedUpdates: stats.flushes,
		updateMs: update,
		/** thread (CPU) time of the same updates: without the waits for a core on a loaded machine */
		updateCpuMs: updateCpu,
		reducersMs: reducers,
		framesPerSecond: round(stats.frames / elapsed),
		setOptionMs: setOption,
		setOptionsPerSecond: round(stats.setOptions / elapsed),
		chartsOnWall: stats.charts,
		maxSetOptionsPerFlush: stats.maxSetOptionsPerFlush,
		sameFrameRepeats: stats.sameFrameRepeats,
		longTasks: stats.longTasks.length,
		longestTaskMs: round(Math.max(0, ...stats.longTasks)),
		longTasksByCpu: cpuLongTasks.length,
		mostCpuInOneTaskMs: round(Math.max(0, ...cpu.taskCpuMs)),
		loadAverage: os.loadavg().map((l) => round(l)),
		rebuild
	};
	console.log(`\n## P5 per applied update (${WIDTH}×${HEIGHT})`);
	console.log(`events applied ${result.eventsApplied} in ${result.appliedUpdates} updates over ${result.seconds} s (${late} sends late > 100 ms)`);
	console.log(`main thread per applied update: p50 ${update.p50} ms, p95 ${update.p95} ms, p99 ${update.p99} ms, max ${update.max} ms (reducers alone p50 ${reducers.p50}, p99 ${reducers.p99} ms); ${result.framesPerSecond} animation frames/s`);
	console.log(`setOption: ${result.setOptionsPerSecond}/s over ${stats.charts} charts; per call p50 ${setOption.p50} ms p95 ${setOption.p95} ms; most in one update ${stats.maxSetOptionsPerFlush}; same chart twice in a frame ${stats.sameFrameRepeats}`);
	console.log(`main thread CPU (thread time) per applied update: p50 ${updateCpu.p50} ms, p95 ${updateCpu.p95} ms, p99 ${updateCpu.p99} ms, max ${updateCpu.max} ms (${updateCpu.count} updates in the trace)`);
	console.log(`long tasks (> 50 ms): ${result.longTasks}, longest ${result.longestTaskMs} ms; by CPU time: ${result.longTasksByCpu} over 50 ms, most in one task ${result.mostCpuInOneTaskMs} ms; load average ${result.loadAverage.join(' ')}`);
	for (const r of rebuild) console.log(`  ${r.label}: incremental p50 ${r.incremental} ms, full rebuild p50 ${r.full} ms → ${r.ratio}×`);

	// P6 (browser): heap after GC, sampled every 15 s through a bounded accelerated replay
	const heap: { minute: number; events: number; heapMB: number }[] = [];
	heap.push({ minute: 0, events: 0, heapMB: await heapSample(page) });
	const replayStart = performance.now();
	const writing = write(HEAP_MINUTES * 60);
	while (performance.now() - replayStart < HEAP_MINUTES * 60_000) {
		await sleep(15_000);
		heap.push({ minute: round((performance.now() - replayStart) / 60_000, 2), events: written, heapMB: await heapSample(page) });
	}
	await writing;
	const first = heap[1]?.heapMB ?? heap[0].heapMB;
	const last = heap[heap.length - 1].heapMB;
	console.log(`\n## P6 wall tab heap (after GC), ${HEAP_MINUTES} min at ${RATE} events/s`);
	console.log(heap.map((h) => `${h.minute} min: ${h.heapMB} MB`).join('; '));
	console.log(`first sample after start ${first} MB → last ${last} MB (${round(((last - first) / first) * 100)}%)`);
	console.log(`saved ${saveResult('p5-browser', { machine: info, result, heap })}`);
	await page.close();
} finally {
	await browser.close();
	await server.stop();
	await db.drop();
}
