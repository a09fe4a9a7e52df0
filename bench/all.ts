/**
 * Every benchmark in turn (`npm run bench`; BENCH_QUICK=1 for the quick settings). Each prints
 * its own figures and writes a JSON file under bench/results/. By hand only, never in CI: a full
 * run takes well over an hour and loads both cores.
 */
import { spawnSync } from 'node:child_process';

const steps: [string, string][] = [
	['P3 write cost of change capture', 'p3-capture.ts'],
	['P4 screen snapshot over 5M petitions', 'p4-snapshot.ts'],
	['P6 memory per idle socket', 'p6-memory.ts'],
	['P1/P2 commit → screen', 'feed/run.ts']
];
const failed: string[] = [];
for (const [title, file] of steps) {
	console.log(`\n━━ ${title} ━━`);
	const result = spawnSync(process.execPath, [new URL(file, import.meta.url).pathname], { stdio: 'inherit', env: process.env });
	if (result.status !== 0) failed.push(`${title} (exit ${result.status ?? result.signal})`);
}
console.log(failed.length ? `\nfailed: ${failed.join('; ')}` : '\nall benchmarks ran');
process.exit(failed.length ? 1 : 0);
