/**
 * Preloaded into a server under measurement (`node --import ./bench/lib/memory-sampler.ts …`):
 * every 5 s one JSON line to BENCH_SAMPLES — seconds since start, `process.memoryUsage()` and
 * `process.cpuUsage()` (µs) — and on SIGUSR2 (or once, the first time the heap in use passes
 * BENCH_SNAPSHOT_ABOVE_MB) a heap snapshot (`v8.writeHeapSnapshot`) into BENCH_SNAPSHOT_DIR (else the
 * working directory). With BENCH_ALLOC_PROFILE=<seconds>, V8's
 * sampling heap profiler records every allocation of the first seconds, garbage included, into
 * BENCH_SNAPSHOT_DIR/start.heapprofile (DevTools' format); with <from>-<to>, of that window of
 * uptime, into window-<from>-<to>s.heapprofile. Does nothing without BENCH_SAMPLES.
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_SAMPLES;
const started = performance.now();
if (file) {
	const sample = () => {
		const m = process.memoryUsage();
		const cpu = process.cpuUsage();
		const line = { t: Math.round(performance.now() - started) / 1000, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, user: cpu.user, system: cpu.system };
		appendFileSync(file, JSON.stringify(line) + '\n');
	};
	sample();
	setInterval(sample, 5000).unref();
	const snapshot = () => {
		const dir = process.env.BENCH_SNAPSHOT_DIR ?? process.cwd();
		const written = v8.writeHeapSnapshot(path.join(dir, `server-${Math.round((performance.now() - started) / 1000)}s.heapsnapshot`));
		appendFileSync(file, JSON.stringify({ t: Math.round(performance.now() - started) / 1000, snapshot: written }) + '\n');
	};
	process.on('SIGUSR2', snapshot);
	// BENCH_SNAPSHOT_ABOVE_MB: one snapshot the first time after 5 min the heap in use passes it (checked every 250 ms), to see a burst's objects
	const aboveMB = Number(process.env.BENCH_SNAPSHOT_ABOVE_MB ?? 0);
	if (aboveMB > 0) {
		// from 5 min of uptime: start-up (demo data, first snapshots) passes any useful threshold
		setTimeout(() => {
			const watch = setInterval(() => {
				if (process.memoryUsage().heapUsed < aboveMB * 2 ** 20) return;
				clearInterval(watch);
				snapshot();
			}, 250);
			watch.unref();
		}, 300_000).unref();
	}
}

/** BENCH_ALLOC_PROFILE: "<s>" profiles the first s seconds, "<from>-<to>" the window between (seconds of uptime) */
const window = (process.env.BENCH_ALLOC_PROFILE ?? '0').split('-').map(Number);
const [profileFrom, profileTo] = window.length === 2 ? window : [0, window[0]];
if (file && profileTo > profileFrom && profileFrom >= 0) {
	const session = new Session();
	session.connect();
	const start = async () => {
		appendFileSync(file, JSON.stringify({ t: Math.round(performance.now() - started) / 1000, profile: 'start' }) + '\n');
		await session.post('HeapProfiler.startSampling', { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
	};
	if (profileFrom === 0) await start();
	else setTimeout(() => void start(), profileFrom * 1000).unref();
	setTimeout(async () => {
		const { profile } = await session.post('HeapProfiler.stopSampling');
		const name = profileFrom === 0 ? 'start.heapprofile' : `window-${profileFrom}-${profileTo}s.heapprofile`;
		writeFileSync(path.join(process.env.BENCH_SNAPSHOT_DIR ?? process.cwd(), name), JSON.stringify(profile));
		appendFileSync(file, JSON.stringify({ t: Math.round(performance.now() - started) / 1000, profile: name }) + '\n');
		session.disconnect();
	}, profileTo * 1000).unref();
}
