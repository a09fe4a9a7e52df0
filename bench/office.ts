/**
 * /work and /items for the province (P9): the server time of each page's load — the queries the
 * page's load runs — over an existing demo database, p50/p95/max per case.
 *
 *   BENCH_DATABASE_URL=postgres://… node bench/office.ts    (e.g. one kept by BENCH_KEEP=1 node bench/rates.ts)
 * Settings: BENCH_ROUNDS
 */
import os from 'node:os';
import { connect } from '../src/lib/server/db/connection.ts';
import { loadClockConfig } from '../src/lib/server/clocks/config.ts';
import { addDays, localDate } from '../src/lib/domain/deadlines.ts';
import type { Principal } from '../src/lib/domain/access.ts';
import { queueCounts, queueRows, queues, type Filters, type Queue } from '../src/lib/server/work/queues.ts';
import { readWorkspace } from '../src/lib/server/work/workspace.ts';
import { listItems } from '../src/lib/server/work/items.ts';
import { monotonicMs, saveResult, setting } from './lib/env.ts';

const ROUNDS = setting('ROUNDS', 9, 3);
const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL: a demo database to measure');
const sql = connect(url, { max: 8, appName: 'liaowang-bench' });
const user: Principal = { userId: 0, username: 'bench', role: 'supervisor', scope: '370000', unitId: null };
const none: Filters = { region: null, unitId: null, category: null, channel: null, q: null };
const PAGE = 50;
try {
	const config = await loadClockConfig(sql);
	const now = new Date();
	const today = localDate(now);
	const year = { from: addDays(today, -365), to: today };
	const itemFilters = { status: null, unitId: null, region: null, from: year.from, to: year.to, warning: null, warned: false };
	/** what /work's load runs for one queue and page */
	const work = (queue: Queue, page: number) => readWorkspace(sql, user, queue, none, config, now, { limit: PAGE, offset: (page - 1) * PAGE });
	const cases: { label: string; run: () => Promise<unknown> }[] = [
		{ label: '/work red, page 1', run: () => work('red', 1) },
		{ label: '/work at_risk, page 1', run: () => work('at_risk', 1) },
		{ label: '/work repeat, page 1', run: () => work('repeat', 1) },
		{ label: '/work red, page 40', run: () => work('red', 40) },
		{ label: '/work queueCounts alone', run: () => queueCounts(sql, user, none, config, now) },
		{ label: '/items a year, page 1', run: () => listItems(sql, user, itemFilters, PAGE + 1, 0) },
		{ label: '/items a year, page 1000', run: () => listItems(sql, user, itemFilters, PAGE + 1, 999 * PAGE) },
		{ label: '/items a year, warned, page 1', run: () => listItems(sql, user, { ...itemFilters, warned: true }, PAGE + 1, 0) },
		{ label: '/items a year, status concluded, page 1', run: () => listItems(sql, user, { ...itemFilters, status: 'concluded' }, PAGE + 1, 0) },
		{ label: '/work/export red (≤ 20,000 rows)', run: () => queueRows(sql, user, 'red', none, config, now, { limit: 20_000, offset: 0 }) }
	];
	const only = process.env.BENCH_ONLY;
	const result: Record<string, unknown> = { load: os.loadavg().map((x) => x.toFixed(2)).join(' '), rounds: ROUNDS, queues: Object.keys(queues) };
	for (const c of cases) {
		if (only && !c.label.includes(only)) continue;
		const samples: number[] = [];
		for (let i = 0; i < ROUNDS; i++) {
			const t = monotonicMs();
			await c.run();
			samples.push(monotonicMs() - t);
		}
		samples.sort((a, b) => a - b);
		const s = { p50: Math.round(samples[Math.floor(samples.length / 2)]), p95: Math.round(samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))]), max: Math.round(samples.at(-1)!), load: os.loadavg()[0].toFixed(2) };
		result[c.label] = s;
		console.log(`${c.label}: p50 ${s.p50} ms, p95 ${s.p95} ms, max ${s.max} ms (load ${s.load})`);
	}
	console.log(saveResult('office', result));
} finally {
	await sql.end({ timeout: 5 }).catch(() => {});
}
