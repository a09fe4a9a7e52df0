/**
 * Preloaded into a server under measurement (`node --import ./bench/lib/memory-sampler.ts …`):
 * every 5 s one JSON line to BENCH_SAMPLES — seconds since start, `process.memoryUsage()` and
 * `process.cpuUsage()` (µs) — and on SIGUSR2 a heap snapshot (`v8.writeHeapSnapshot`) into
 * BENCH_SNAPSHOT_DIR (else the working directory). With BENCH_ALLOC_PROFILE=<seconds>, V8's
 * sampling heap profiler records every allocation of the first seconds, garbage included, into
 * BENCH_SNAPSHOT_DIR/start.heapprofile (DevTools' format). Does nothing without BENCH_SAMPLES.
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_SAMPLES;
if (file) {
	const started = performance.now();
	const sample = () => {
		const m = process.memoryUsage();
		const cpu = process.cpuUsage();
		const line = { t: Math.round(performance.now() - started) / 1000, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, user: cpu.user, system: cpu.system };
		appendFileSync(file, JSON.stringify(line) + '\n');
	};
	sample();
	setInterval(sample, 5000).unref();
	process.on('SIGUSR2', () => {
		const dir = process.env.BENCH_SNAPSHOT_DIR ?? process.cwd();
		const written = v8.writeHeapSnapshot(path.join(dir, `server-${Math.round((performance.now() - started) / 1000)}s.heapsnapshot`));
		appendFileSync(file, JSON.stringify({ t: Math.round(performance.now() - started) / 1000, snapshot: written }) + '\n');
	});
}

const profileSeconds = Number(process.env.BENCH_ALLOC_PROFILE ?? 0);
if (file && profileSeconds > 0) {
	const session = new Session();
	session.connect();
	await session.post('HeapProfiler.startSampling', { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
	setTimeout(async () => {
		const { profile } = await session.post('HeapProfiler.stopSampling');
		writeFileSync(path.join(process.env.BENCH_SNAPSHOT_DIR ?? process.cwd(), 'start.heapprofile'), JSON.stringify(profile));
		session.disconnect();
	}, profileSeconds * 1000).unref();
}
