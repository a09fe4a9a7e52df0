/**
 * Asks a server running the P10 sampler (memory-sampler.ts) for a heap snapshot and waits for it:
 * SIGUSR2, then the samples file names the snapshot written (up to two minutes: a large heap
 * takes a while). Returns its path, or null when none came.
 */
import { readFileSync } from 'node:fs';
import { sleep } from './env.ts';

export async function takeHeapSnapshot(pid: number, samplesFile: string): Promise<string | null> {
	const taken = () => readFileSync(samplesFile, 'utf8').split('\n').filter((l) => l.includes('"snapshot"'));
	const before = taken().length;
	process.kill(pid, 'SIGUSR2');
	for (let i = 0; i < 120 && taken().length === before; i++) await sleep(1000);
	const after = taken();
	return after.length > before ? ((JSON.parse(after.at(-1)!) as { snapshot?: string }).snapshot ?? null) : null;
}
