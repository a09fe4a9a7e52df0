/**
 * /rates for the province over a year (P9): the server time of the page's load — the rate inputs
 * read from the database and the rates and league computed — over the demo history, p50/p95/max:
 * from the rate inputs' rollups (migration 0160), and row by row as before them (every item of
 * the region and period read and its clocks run), in the same run.
 *
 *   node bench/rates.ts                          generates 200,000 items over 12 months in a private database
 *   BENCH_ITEMS=50000 node bench/rates.ts        a smaller history
 *   BENCH_DATABASE_URL=postgres://… node bench/rates.ts   measures an existing demo database (kept)
 *   BENCH_KEEP=1 node bench/rates.ts             keeps the generated database (its address is printed) for a later run
 *   BENCH_ROWS=0 node bench/rates.ts             the rollups only
 * An existing database whose rate inputs are not built (just migrated) has them built first, timed
 * (its migration 0160 must be the one of this tree).
 * Settings: BENCH_ITEMS, BENCH_MONTHS, BENCH_ROUNDS, BENCH_ROWS
 */
import { connect } from '../src/lib/server/db/connection.ts';
import { loadClockConfig } from '../src/lib/server/clocks/config.ts';
import { localDate, addDays } from '../src/lib/domain/deadlines.ts';
import { generateDemoData } from '../src/lib/server/sim/generate.ts';
import { newKeyFile, parseKeyring, setKeyring } from '../src/lib/server/personal-data/keyring.ts';
import { configDigest, rateInputsBuilt, rebuildRateInputsLocked } from '../src/lib/server/feed/rate-inputs.ts';
import { rateItems, ratesFromRollups, ratesReport } from '../src/lib/server/work/rates.ts';
import { createBenchDatabase, machine, monotonicMs, saveResult, setting } from './lib/env.ts';

const ITEMS = setting('ITEMS', 200_000, 50_000);
const MONTHS = setting('MONTHS', 12);
const ROUNDS = setting('ROUNDS', 7, 3);
const existing = process.env.BENCH_DATABASE_URL;
const keep = process.env.BENCH_KEEP === '1';
const rowsToo = process.env.BENCH_ROWS !== '0';

const db = existing ? { sql: connect(existing, { max: 8, appName: 'liaowang-bench' }), drop: async () => {} } : await createBenchDatabase('rates');
const { sql } = db;
// the generator encrypts petitioners' personal data: a throwaway key
setKeyring(parseKeyring(newKeyFile(), 'bench'));
try {
	const info = await machine(sql);
	if (!existing) {
		const t = monotonicMs();
		await generateDemoData(sql, { items: ITEMS, months: MONTHS, seed: 'rates-bench' });
		console.log(`generated ${ITEMS} items over ${MONTHS} months in ${((monotonicMs() - t) / 1000).toFixed(1)} s`);
	}
	const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from petition_item`;
	const now = new Date();
	const today = localDate(now);
	const config = await loadClockConfig(sql);
	let buildMs: number | null = null;
	if ((await rateInputsBuilt(sql)) !== configDigest(config)) {
		const t = monotonicMs();
		await rebuildRateInputsLocked(sql);
		await sql`analyze rate_input, rollup_rate`;
		buildMs = Math.round(monotonicMs() - t);
		console.log(`rate inputs built for ${n} items in ${(buildMs / 1000).toFixed(1)} s`);
	}
	const user = { userId: 0, username: 'bench', role: 'supervisor' as const, scope: '370000', unitId: null };
	const cases = [
		{ label: 'province, a year', region: '370000', period: { from: addDays(today, -365), to: today } },
		{ label: 'province, a month', region: '370000', period: { from: `${today.slice(0, 7)}-01`, to: today } },
		{ label: 'city 370100, a year', region: '370100', period: { from: addDays(today, -365), to: today } },
		{ label: 'county 370102, a year', region: '370102', period: { from: addDays(today, -365), to: today } }
	];
	const result: Record<string, unknown> = { machine: info, items: n, rounds: ROUNDS, buildMs };
	const ways = [
		{
			way: 'rollups',
			run: async (c: (typeof cases)[number]) => {
				const t = monotonicMs();
				const report = await ratesFromRollups(sql, user, c.region, c.period, now, config, 'onTimeConclusion');
				if (!report) throw new Error('rate inputs not built');
				return monotonicMs() - t; // reading is nearly all of it: no split
			}
		},
		...(rowsToo
			? [
					{
						way: 'rows',
						run: async (c: (typeof cases)[number]) => {
							const t = monotonicMs();
							const items = await rateItems(sql, user, c.region, c.period);
							const read = monotonicMs() - t;
							ratesReport(items, c.period, now, config, 'onTimeConclusion');
							return read;
						}
					}
				]
			: [])
	];
	for (const { way, run } of ways)
		for (const c of cases) {
			const samples: { total: number; read: number; compute: number; cpu: number }[] = [];
			for (let i = 0; i < ROUNDS; i++) {
				const t = monotonicMs();
				const cpu = process.cpuUsage();
				const read = await run(c);
				const total = monotonicMs() - t;
				samples.push({ total, read, compute: total - read, cpu: process.cpuUsage(cpu).user / 1000 });
			}
			const at = (key: keyof (typeof samples)[number], q: number) => Math.round(samples.map((x) => x[key]).sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(samples.length * q))]);
			const p50 = (key: keyof (typeof samples)[number]) => at(key, 0.5);
			const s = { p50: p50('total'), p95: at('total', 0.95), read: p50('read'), compute: p50('compute'), nodeCpu: p50('cpu'), max: Math.round(Math.max(...samples.map((x) => x.total))) };
			result[`${way}: ${c.label}`] = s;
			console.log(`${way}, ${c.label}: p50 ${s.p50} ms, p95 ${s.p95} ms (read ${s.read}, compute ${s.compute}; node CPU ${s.nodeCpu} ms), max ${s.max} ms over ${ROUNDS} rounds (${n} items in the database)`);
		}
	console.log(saveResult('rates', result));
} finally {
	if (keep && !existing) console.log(`kept: BENCH_DATABASE_URL=${(db as { url?: string }).url}`);
	else await db.drop();
	await sql.end({ timeout: 5 }).catch(() => {});
}
