/**
 * P4: the screen's snapshot over 5,000,000 petitions — our `volumeSnapshot` (rollups) against
 * the same answer computed by GROUP BY over the petition table, alternated; p50/p95/p99 and the
 * ratio. The rows are generated in SQL (capture trigger quiet under liaowang.bulk_load), the
 * rollups built from the truth view, then a few thousand live changes (inserts, status changes,
 * moves between regions and days, deletes) go through the trigger and our relay. At the end the
 * two snapshots must be equal and rollupDifferences() empty; the database is dropped.
 *
 *   npm run bench:p4                  full: 5,000,000 rows over 365 days, 20 rounds per layout
 *   BENCH_QUICK=1 npm run bench:p4    quick: 500,000 rows, 4 rounds
 * Settings: BENCH_ROWS, BENCH_DAYS, BENCH_GROUPBY_SAMPLES, BENCH_ROLLUP_PER_GROUPBY, BENCH_CHANGES
 */
import { deepStrictEqual } from 'node:assert';
import { addDays } from '../src/lib/domain/deadlines.ts';
import { localDay, type VolumeSnapshot } from '../src/lib/screen/volume.ts';
import type { Sql } from '../src/lib/server/db/connection.ts';
import { startRelay } from '../src/lib/server/feed/relay.ts';
import { rollupDifferences } from '../src/lib/server/feed/stamp.ts';
import { volumeSnapshot } from '../src/lib/server/screen/snapshot.ts';
import { summarize, ratio, type Summary } from './lib/stats.ts';
import { QUICK, countiesOf, createBenchDatabase, machine, monotonicMs, saveResult, setting, sleep } from './lib/env.ts';

const ROWS = setting('ROWS', 5_000_000, 500_000);
const DAYS = setting('DAYS', 365);
const GROUPBY_SAMPLES = setting('GROUPBY_SAMPLES', 20, 4);
const ROLLUP_PER_GROUPBY = setting('ROLLUP_PER_GROUPBY', 10);
const CHANGES = setting('CHANGES', 4000, 1000);
const CHUNK = 500_000;
const PROVINCE = '370000';
const CITY = '370100';

const db = await createBenchDatabase('p4', { max: 4 });
const { sql } = db;
const info = await machine(sql);
console.log(`# P4 screen snapshot over ${ROWS.toLocaleString('en')} petitions${QUICK ? ' (quick)' : ''}\n${JSON.stringify(info)}`);

/** The same figures as volumeSnapshot, from GROUP BY over petition_item (what a screen would do without rollups). */
async function snapshotFromBase(sql: Sql, adcode: string, now = new Date()): Promise<VolumeSnapshot | null> {
	const today = localDay(now);
	const from = addDays(today, -29);
	const monthStart = `${today.slice(0, 7)}-01`;
	const since = from < monthStart ? from : monthStart;
	return sql.begin('isolation level repeatable read read only', async (tx) => {
		const [region] = await tx<{ adcode: string; name: string; level: string; parent: string | null }[]>`
			select adcode, name, level, parent from region where adcode = ${adcode}`;
		if (!region) return null;
		const [state] = await tx<{ lastSeq: bigint }[]>`select last_seq as "lastSeq" from feed_state`;
		const county = region.level === 'county';
		const areas = county
			? [{ adcode: region.adcode, name: region.name }]
			: await tx<{ adcode: string; name: string }[]>`select adcode, name from region where parent = ${adcode} order by adcode`;
		const depth = region.level === 'province' ? 2 : 3;
		// the session's time zone is Asia/Shanghai: a date compares as local midnight
		const rows = await tx<{ area: string; day: string; items: number }[]>`
			select r.path[${depth}] as area, (p.received_at at time zone 'Asia/Shanghai')::date::text as day, count(*)::integer as items
			  from petition_item p join region r on r.adcode = p.region
			 where p.received_at >= ${since}::date and p.received_at < ${today}::date + 1 and ${adcode} = any(r.path)
			   and array_length(r.path, 1) >= ${depth}
			 group by 1, 2`;
		const todayByArea: Record<string, number> = {};
		const monthByArea: Record<string, number> = {};
		const perDay = new Map<string, number>();
		for (const a of areas) {
			todayByArea[a.adcode] = 0;
			monthByArea[a.adcode] = 0;
		}
		for (const row of rows) {
			if (row.day === today) todayByArea[row.area] = (todayByArea[row.area] ?? 0) + row.items;
			if (row.day >= monthStart) monthByArea[row.area] = (monthByArea[row.area] ?? 0) + row.items;
			perDay.set(row.day, (perDay.get(row.day) ?? 0) + row.items);
		}
		const trend = Array.from({ length: 30 }, (_, i) => {
			const day = addDays(from, i);
			return { day, items: perDay.get(day) ?? 0 };
		});
		return { seq: Number(state.lastSeq), today, region: { adcode: region.adcode, name: region.name }, map: county ? region.parent! : region.adcode, areas, todayByArea, monthByArea, trend };
	}) as Promise<VolumeSnapshot | null>;
}

const counties = countiesOf(db.regions).map((c) => c.adcode);

/** The plan of the rollup read as volumeSnapshot issues it for the province (BENCH_EXPLAIN=1). */
async function explain() {
	const today = localDay(new Date());
	const since = addDays(today, -29) < `${today.slice(0, 7)}-01` ? addDays(today, -29) : `${today.slice(0, 7)}-01`;
	const plan = await sql.unsafe(
		`explain (analyze, buffers) select r.path[2] as area, d.day::text as day, sum(d.items)::integer as items
		   from rollup_daily d join region r on r.adcode = d.region
		  where d.day between '${since}'::date and '${today}'::date and '${PROVINCE}' = any(r.path) and array_length(r.path, 1) >= 2
		  group by 1, 2`
	);
	console.log(plan.map((row) => row['QUERY PLAN']).join('\n'));
}
const result: Record<string, unknown> = { machine: info, settings: { ROWS, DAYS, GROUPBY_SAMPLES, ROLLUP_PER_GROUPBY, CHANGES } };
try {
	// 1. the rows: channel and category mixes roughly as the demo generator draws them
	let started = monotonicMs();
	for (let from = 1; from <= ROWS; from += CHUNK) {
		const to = Math.min(ROWS, from + CHUNK - 1);
		await sql.begin(async (tx) => {
			await tx`select set_config('liaowang.bulk_load', 'on', true)`;
			await tx`
				insert into petition_item (serial, channel, received_at, region, category, type, summary, headcount, route_due)
				select region || '-' || lpad((10000000 + g / 1000000)::text, 8, '0') || '-' || lpad((g % 1000000)::text, 6, '0'),
				       case when u1 < 0.50 then 'online' when u1 < 0.68 then 'visit' when u1 < 0.82 then 'letter'
				            when u1 < 0.89 then 'phone' when u1 < 0.95 then 'hotline' when u1 < 0.99 then 'mailbox' else 'video' end,
				       at, region,
				       case when u2 < 0.13 then 'land' when u2 < 0.28 then 'labour' when u2 < 0.45 then 'housing'
				            when u2 < 0.54 then 'legal' when u2 < 0.64 then 'rural' when u2 < 0.70 then 'environment'
				            when u2 < 0.75 then 'health' when u2 < 0.80 then 'education' when u2 < 0.86 then 'civil'
				            when u2 < 0.90 then 'enterprise' when u2 < 0.95 then 'discipline' else 'other' end,
				       'appeal', '基准测试：反映拖欠工资问题',
				       case when u3 < 0.90 then 1 when u3 < 0.97 then 2 when u3 < 0.995 then 3 else 5 + (u3 * 1000)::integer % 20 end,
				       (at at time zone 'Asia/Shanghai')::date + 15
				  from (select g, random() as u1, random() as u2, random() as u3,
				               now() - random() * make_interval(days => ${DAYS}) as at,
				               (${sql.array(counties)}::text[])[1 + floor(random() * ${counties.length})::integer] as region
				          from generate_series(${from}::bigint, ${to}::bigint) g) x`;
		});
		process.stdout.write(`\r  loaded ${to.toLocaleString('en')} rows (${((monotonicMs() - started) / 1000).toFixed(0)} s)`);
	}
	const loadSeconds = (monotonicMs() - started) / 1000;
	started = monotonicMs();
	await sql.begin(async (tx) => {
		await tx`delete from rollup_daily`;
		await tx`insert into rollup_daily select * from rollup_daily_truth`;
	});
	const rollupSeconds = (monotonicMs() - started) / 1000;
	await sql.unsafe('vacuum analyze petition_item, rollup_daily, region');
	const [sizes] = await sql<{ items: string; rollups: string; table: string; rollup: string }[]>`
		select (select count(*) from petition_item)::text as items, (select count(*) from rollup_daily)::text as rollups,
		       pg_size_pretty(pg_total_relation_size('petition_item')) as table, pg_size_pretty(pg_total_relation_size('rollup_daily')) as rollup`;
	console.log(`\n  ${loadSeconds.toFixed(0)} s to load, ${rollupSeconds.toFixed(0)} s to build rollups: ${sizes.items} items (${sizes.table}), ${sizes.rollups} rollup rows (${sizes.rollup})`);
	result.load = { loadSeconds, rollupSeconds, ...sizes };

	// 2. live changes through the capture trigger and our relay, so the rollups are not only the bulk build
	const relay = startRelay(sql, { lockUrl: db.url, onEvents: () => {} });
	started = monotonicMs();
	const perKind = Math.ceil(CHANGES / 4);
	const at = (i: number) => new Date(Date.now() - (i % 20) * 3600_000);
	for (let i = 0; i < perKind; i++) {
		const county = counties[i % counties.length];
		await sql`
			insert into petition_item (serial, channel, received_at, region, category, type, summary, headcount, route_due)
			values (${`${county}-20990101-${String(i).padStart(6, '0')}`}, 'visit', ${at(i)}, ${county}, 'housing', 'complaint', '基准测试', ${1 + (i % 3)}, current_date + 15)`;
	}
	await sql`update petition_item set status = 'routed', routed_at = received_at
	           where id in (select id from petition_item where status = 'registered' order by id limit ${perKind})`;
	await sql`update petition_item set region = ${counties[0]}, received_at = received_at - interval '2 days', channel = 'letter'
	           where id in (select id from petition_item order by id desc limit ${perKind})`;
	await sql`delete from petition_item where id in (select id from petition_item order by id limit ${perKind} offset ${perKind})`;
	for (let waited = 0; waited < 60_000; waited += 100) {
		const [{ pending }] = await sql<{ pending: number }[]>`select count(*)::int as pending from outbox where seq is null`;
		if (pending === 0) break;
		await sleep(100);
	}
	await relay.stop();
	const [{ stamped }] = await sql<{ stamped: number }[]>`select count(*)::int as stamped from outbox where seq is not null`;
	console.log(`  ${stamped} live changes relayed into the rollups in ${((monotonicMs() - started) / 1000).toFixed(1)} s`);
	await sql.unsafe('analyze petition_item, rollup_daily');

	// 3. timings, alternated: one GROUP BY, then a run of rollup reads, and again; first with the
	// rollups as the bulk build laid them out (hash order: a day's rows scattered over the table),
	// then clustered by day — the order a live system's rollups take as the days pass
	const time = async (f: () => Promise<unknown>) => {
		const t = monotonicMs();
		await f();
		return monotonicMs() - t;
	};
	// an experiment, not the product: the same read from a (day, county) table, to size the rollup's grain
	await sql.unsafe(`create table bench_rollup_day_county as select day, region, sum(items)::integer as items from rollup_daily group by 1, 2 order by 1, 2;
	                  alter table bench_rollup_day_county add primary key (day, region); analyze bench_rollup_day_county`);
	const coarseRead = () => {
		const today = localDay(new Date());
		const from = addDays(today, -29);
		const since = from < `${today.slice(0, 7)}-01` ? from : `${today.slice(0, 7)}-01`;
		return sql`select r.path[2] as area, d.day::text as day, sum(d.items)::integer as items
		             from bench_rollup_day_county d join region r on r.adcode = d.region
		            where d.day between ${since}::date and ${today}::date and ${PROVINCE} = any(r.path) group by 1, 2`;
	};
	const timings: Record<string, { rollup: Summary; groupBy: Summary; coarse: Summary }> = {};
	for (const layout of ['as built', 'clustered by day']) {
		if (layout === 'clustered by day') {
			started = monotonicMs();
			await sql.unsafe('cluster rollup_daily using rollup_daily_pkey; analyze rollup_daily');
			console.log(`  rollup_daily clustered by day in ${((monotonicMs() - started) / 1000).toFixed(0)} s`);
		}
		if (process.env.BENCH_EXPLAIN === '1') await explain();
		for (let i = 0; i < 3; i++) await time(() => volumeSnapshot(sql, PROVINCE));
		await time(() => snapshotFromBase(sql, PROVINCE));
		const rollup: number[] = [];
		const groupBy: number[] = [];
		const coarse: number[] = [];
		started = monotonicMs();
		for (let i = 0; i < GROUPBY_SAMPLES; i++) {
			groupBy.push(await time(() => snapshotFromBase(sql, PROVINCE)));
			for (let k = 0; k < ROLLUP_PER_GROUPBY; k++) rollup.push(await time(() => volumeSnapshot(sql, PROVINCE)));
			for (let k = 0; k < 3; k++) coarse.push(await time(coarseRead));
			if (i % 5 === 4) process.stdout.write(`\r  ${layout}: ${i + 1}/${GROUPBY_SAMPLES} rounds (${((monotonicMs() - started) / 1000).toFixed(0)} s)`);
		}
		const r = summarize(rollup);
		const g = summarize(groupBy);
		const c = summarize(coarse);
		timings[layout] = { rollup: r, groupBy: g, coarse: c };
		console.log(`\n| read (province, ${ROWS.toLocaleString('en')} petitions; rollups ${layout}) | samples | p50 ms | p95 ms | p99 ms | max ms |`);
		console.log('|---|---|---|---|---|---|');
		console.log(`| volumeSnapshot (rollup_daily) | ${r.count} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} |`);
		console.log(`| same answer by GROUP BY on petition_item | ${g.count} | ${g.p50} | ${g.p95} | ${g.p99} | ${g.max} |`);
		console.log(`| experiment: the rollup query on a (day, county) table | ${c.count} | ${c.p50} | ${c.p95} | ${c.p99} | ${c.max} |`);
		console.log(`GROUP BY ÷ rollup: p99 ${ratio(g.p99, r.p99, 1)}, p50 ${ratio(g.p50, r.p50, 1)}`);
	}
	const [rowsRead] = await sql<{ rollupRows: number; baseRows: number }[]>`
		select (select count(*) from rollup_daily where day >= current_date - 31)::int as "rollupRows",
		       (select count(*) from petition_item where received_at >= current_date - 31)::int as "baseRows"`;
	console.log(`rows in the snapshot's window (about 31 days): ${rowsRead.rollupRows.toLocaleString('en')} in rollup_daily, ${rowsRead.baseRows.toLocaleString('en')} in petition_item`);
	result.timings = timings;
	result.window = rowsRead;

	// 4. exactness: the same snapshot both ways, and rollups equal to the GROUP BY truth everywhere
	for (const adcode of [PROVINCE, CITY]) {
		const a = await volumeSnapshot(sql, adcode);
		const b = await snapshotFromBase(sql, adcode);
		deepStrictEqual(b, a, `snapshot of ${adcode} differs between rollups and GROUP BY`);
	}
	const differences = await rollupDifferences(sql);
	result.rollupDifferences = differences;
	if (differences.length) throw new Error(`rollups differ from GROUP BY: ${JSON.stringify(differences.slice(0, 5))}`);
	console.log('exact: volumeSnapshot equals the GROUP BY snapshot (province and a city); rollupDifferences() is empty');
	const verdict = Object.entries(timings)
		.map(
			([layout, { rollup: r, groupBy: g }]) =>
				`P4 target, rollups ${layout} (p99 ≤ 20 ms, ≥ 100× GROUP BY): p99 ${r.p99} ms ${r.p99 <= 20 ? 'met' : 'MISSED'}, ` +
				`ratio ${(g.p99 / r.p99).toFixed(1)}× ${g.p99 / r.p99 >= 100 ? 'met' : 'MISSED'}`
		)
		.join('\n');
	console.log(verdict);
	result.verdict = verdict;
} finally {
	await db.drop();
}
console.log(`results: ${saveResult(`p4${QUICK ? '-quick' : ''}`, result)}`);
process.exit(0);
