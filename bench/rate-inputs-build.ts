/**
 * The rate inputs' rebuild after a change of rules or calendar, at the demo's size: the whole
 * build in one transaction under the relay's lock (as before migration 0161), then a chunk of
 * items per transaction, with a relay step timed between chunks — how long the live feed waits.
 *
 *   BENCH_DATABASE_URL=postgres://… node bench/rate-inputs-build.ts    (a demo database at 0161 or later)
 * Settings: BENCH_CHUNK (items per chunk, 1000), BENCH_ONESHOT (1: also time the one-shot build)
 */
import os from 'node:os';
import { connect } from '../src/lib/server/db/connection.ts';
import { rebuildRateInputsChunk } from '../src/lib/server/feed/rate-inputs-build.ts';
import { rebuildRateInputsLocked } from '../src/lib/server/feed/rate-inputs.ts';
import { stampBatch } from '../src/lib/server/feed/stamp.ts';
import { monotonicMs, saveResult, setting } from './lib/env.ts';

const CHUNK = setting('CHUNK', 1000);
const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL: a demo database to measure');
const sql = connect(url, { max: 4, appName: 'liaowang-bench' });
const load = () => os.loadavg()[0].toFixed(2);
const quantile = (xs: number[], q: number) => Math.round([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]);
try {
	const result: Record<string, unknown> = { chunk: CHUNK };
	if (process.env.BENCH_ONESHOT === '1') {
		const t = monotonicMs();
		await rebuildRateInputsLocked(sql);
		result.oneShotMs = Math.round(monotonicMs() - t);
		console.log(`one transaction: the relay's lock held ${result.oneShotMs} ms (load ${load()})`);
	}
	await sql`update rate_input_state set config = null`; // as after a change of rules: a build from the start
	const chunks: number[] = [];
	const steps: number[] = [];
	const t = monotonicMs();
	for (;;) {
		const c = monotonicMs();
		const build = await rebuildRateInputsChunk(sql, CHUNK);
		chunks.push(monotonicMs() - c);
		const s = monotonicMs();
		await stampBatch(sql, 1000); // a relay step between chunks: takes the lock at once
		steps.push(monotonicMs() - s);
		if (build.finished) break;
	}
	Object.assign(result, {
		chunkedMs: Math.round(monotonicMs() - t),
		chunks: chunks.length,
		chunkP50: quantile(chunks, 0.5),
		chunkP95: quantile(chunks, 0.95),
		chunkMax: Math.round(Math.max(...chunks)),
		relayStepP95: quantile(steps, 0.95),
		load: load()
	});
	console.log(`in chunks of ${CHUNK}: ${result.chunkedMs} ms in all, ${result.chunks} chunks, each p50 ${result.chunkP50} / p95 ${result.chunkP95} / max ${result.chunkMax} ms (the longest the relay waits); a relay step between chunks p95 ${result.relayStepP95} ms (load ${result.load})`);
	console.log(saveResult('rate-inputs-build', result));
} finally {
	await sql.end({ timeout: 5 }).catch(() => {});
}
