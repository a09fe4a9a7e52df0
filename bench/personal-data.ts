/**
 * 个人信息加密存储: what sealing costs. Per operation (seal, open, blind index) over N values, and
 * the demo generator's petitioner phase, which seals every person (two values, two indexes).
 * node bench/personal-data.ts   (BENCH_ITEMS=20000 BENCH_OPS=20000)
 */
import { blindIndex, open, seal } from '../src/lib/server/personal-data/codec.ts';
import { newKeyFile, parseKeyring, setKeyring } from '../src/lib/server/personal-data/keyring.ts';
import { generateDemoData, type GeneratePhase } from '../src/lib/server/sim/generate.ts';
import { createBenchDatabase, machine, saveResult, setting } from './lib/env.ts';

const OPS = setting('OPS', 20_000, 5_000);
const ITEMS = setting('ITEMS', 20_000, 5_000);
const ring = parseKeyring(newKeyFile(), 'bench');
setKeyring(ring);

const perOp = (f: (i: number) => unknown) => {
	const start = performance.now();
	for (let i = 0; i < OPS; i++) f(i);
	return Math.round(((performance.now() - start) / OPS) * 1000 * 10) / 10;
};
const ids = Array.from({ length: OPS }, (_, i) => `37010219700101${String(1000 + (i % 9000))}`);
const sealed = ids.map((id) => seal(ring, id));
const micros = { sealUs: perOp((i) => seal(ring, ids[i])), openUs: perOp((i) => open(ring, sealed[i])), blindIndexUs: perOp((i) => blindIndex(ring, 'id', ids[i])) };
console.log(`per value (${OPS}): seal ${micros.sealUs} µs, open ${micros.openUs} µs, blind index ${micros.blindIndexUs} µs`);

const db = await createBenchDatabase('pd');
try {
	const phases = new Map<GeneratePhase, number>();
	let phase: GeneratePhase | null = null;
	let at = performance.now();
	const result = await generateDemoData(db.sql, {
		items: ITEMS,
		now: new Date('2026-03-15T10:00:00+08:00'),
		onProgress: (_d, _t, p) => {
			if (p === phase) return;
			const t = performance.now();
			if (phase) phases.set(phase, (phases.get(phase) ?? 0) + t - at);
			[phase, at] = [p, t];
		}
	});
	const petitionerMs = Math.round(phases.get('信访人') ?? 0);
	console.log(`generate ${ITEMS} items: ${Math.round(result.ms)} ms; ${result.counts.petitioners} petitioners sealed in the 信访人 phase (${petitionerMs} ms with drawing the history)`);
	console.log(`saved ${saveResult('personal-data', { machine: await machine(db.sql), ops: OPS, micros, items: ITEMS, petitioners: result.counts.petitioners, generateMs: Math.round(result.ms), petitionerPhaseMs: petitionerMs })}`);
} finally {
	await db.drop();
}
process.exit(0);
