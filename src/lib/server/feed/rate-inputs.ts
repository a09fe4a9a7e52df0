import { createHash } from 'node:crypto';
import { rateInput, type RateInput, type RateItem } from '../../domain/rates.ts';
import type { Channel, Satisfaction } from '../../domain/vocabulary.ts';
import { loadClockConfig, type ClockConfig } from '../clocks/config.ts';
import { loadFacts } from '../clocks/facts.ts';
import type { Db, Sql } from '../db/connection.ts';

/**
 * The rate inputs (rate_input, one row per item) and their rollup (rollup_rate, per day, county
 * and unit), migration 0160: refreshed for every item a relay step stamps (stamp.ts), its clock facts included (0161), rebuilt
 * whole after a bulk load or when the rules or the holiday calendar change (the on-time
 * judgements depend on both), and checked against the truth view.
 */

/** What of the rules and calendar the rows were computed against (a new group threshold leaves them be). */
export const configDigest = ({ rules, calendar }: ClockConfig) =>
	createHash('sha1')
		.update(JSON.stringify({ limits: rules.limits, pausableClocks: rules.pausableClocks, weekendExtends: rules.weekendExtends, onlineChannels: rules.onlineChannels, calendar }))
		.digest('hex');

/**
 * Asks for a rebuild when the rows are missing (an upgraded database) or were computed against
 * other rules or another calendar, unless one is already waiting; the sweeper calls it whenever
 * the config in force changes. Returns whether it asked.
 */
export async function requestRateInputsRebuild(sql: Db, config: ClockConfig): Promise<boolean> {
	if ((await rateInputsBuilt(sql)) === configDigest(config)) return false;
	const [asked] = await sql`
		insert into rollup_rebuild (reason, rules_version)
		select '考核指标汇总：时限规则或节假日安排已变更', ${config.version}
		 where not exists (select 1 from rollup_rebuild where finished_at is null)
		returning id`;
	return !!asked;
}

/** The digest of the current build, or null before the first one. */
export async function rateInputsBuilt(sql: Db): Promise<string | null> {
	const [row] = await sql<{ config: string | null }[]>`select config from rate_input_state`;
	return row?.config ?? null;
}

type Row = { itemId: string; region: string; unitId: number | null; repeatOf: string | null } & RateInput;

/** The items' rate inputs from the base tables (items that no longer exist are absent). */
async function computeRows(tx: Db, ids: string[], config: ClockConfig): Promise<Row[]> {
	if (ids.length === 0) return [];
	const [rows, facts] = await Promise.all([
		tx<{ id: string; region: string; unitId: number | null; repeatOf: string | null; channel: Channel; satisfaction: Satisfaction | null; repeatedLater: boolean }[]>`
			select i.id::text, i.region, i.unit_id as "unitId", i.repeat_of::text as "repeatOf", i.channel, i.satisfaction,
			       exists (select 1 from petition_item l where l.repeat_of = i.id) as "repeatedLater"
			  from petition_item i where i.id = any(${tx.array(ids)}::bigint[])`,
		loadFacts(tx, ids)
	]);
	const out: Row[] = [];
	for (const r of rows) {
		const f = facts.get(r.id);
		if (!f) continue;
		const item: RateItem = Object.assign(f, { id: r.id, unitId: r.unitId, unitKind: null, channel: r.channel, isRepeat: r.repeatOf !== null, repeatedLater: r.repeatedLater, satisfaction: r.satisfaction });
		out.push({ itemId: r.id, region: r.region, unitId: r.unitId, repeatOf: r.repeatOf, ...rateInput(item, config) });
	}
	return out;
}

const COUNTERS = ['received', 'online', 'repeats', 'open_items', 'concluded', 'evaluated', 'content', 'first_time', 'resolved', 'accept_due', 'accept_on_time', 'conclude_due', 'conclude_on_time'] as const;
type Counter = (typeof COUNTERS)[number];
type Cell = { day: string; region: string; unit_id: number } & Record<Counter, number>;

/** What one row adds to rollup_rate (× sign), as rollup_rate_truth counts it. */
function addCells(cells: Map<string, Cell>, r: Row, sign: number): void {
	const at = (day: string) => {
		const unit = r.unitId ?? 0;
		const key = `${day}|${r.region}|${unit}`;
		let cell = cells.get(key);
		if (!cell) cells.set(key, (cell = { day, region: r.region, unit_id: unit, ...(Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>) }));
		return cell;
	};
	const received = at(r.receivedDay);
	received.received += sign;
	if (!r.concludedDay) received.open_items += sign;
	if (r.online) received.online += sign;
	if (r.isRepeat) received.repeats += sign;
	if (r.concludedDay) {
		const c = at(r.concludedDay);
		c.concluded += sign;
		if (r.evaluated) c.evaluated += sign;
		if (r.content) c.content += sign;
		if (r.firstTime) c.first_time += sign;
		if (r.resolved) c.resolved += sign;
	}
	if (r.acceptDay) {
		const c = at(r.acceptDay);
		c.accept_due += sign;
		if (r.acceptOnTime) c.accept_on_time += sign;
	}
	if (r.concludeDay) {
		const c = at(r.concludeDay);
		c.conclude_due += sign;
		if (r.concludeOnTime) c.conclude_on_time += sign;
	}
}

const columns = (r: Row) => ({
	item_id: r.itemId,
	region: r.region,
	unit_id: r.unitId,
	repeat_of: r.repeatOf,
	facts_until: r.factsUntil,
	live: r.live,
	received_day: r.receivedDay,
	online: r.online,
	is_repeat: r.isRepeat,
	concluded_day: r.concludedDay,
	evaluated: r.evaluated,
	content: r.content,
	first_time: r.firstTime,
	resolved: r.resolved,
	accept_day: r.acceptDay,
	accept_on_time: r.acceptOnTime,
	accept_open_due: r.acceptOpenDue,
	conclude_day: r.concludeDay,
	conclude_on_time: r.concludeOnTime,
	conclude_open_due: r.concludeOpenDue
});

const STORED = (tx: Db) => tx`
	item_id::text as "itemId", region, unit_id as "unitId", repeat_of::text as "repeatOf", facts_until as "factsUntil", live,
	received_day::text as "receivedDay", online, is_repeat as "isRepeat", concluded_day::text as "concludedDay", evaluated, content,
	first_time as "firstTime", resolved, accept_day::text as "acceptDay", accept_on_time as "acceptOnTime", accept_open_due::text as "acceptOpenDue",
	conclude_day::text as "concludeDay", conclude_on_time as "concludeOnTime", conclude_open_due::text as "concludeOpenDue"`;

/** Stored rate inputs of items (for the delta, and for the reader's row-by-row items). */
export async function storedRows(tx: Db, ids: string[]): Promise<Row[]> {
	if (ids.length === 0) return [];
	return tx<Row[]>`select ${STORED(tx)} from rate_input where item_id = any(${tx.array(ids)}::bigint[])`;
}
export { STORED as storedColumns };
export type { Row as StoredRateInput };

/** Recomputes the items' rows and moves the rollup by the difference (an absent item is taken out). */
export async function refreshRateInputs(tx: Db, ids: string[], config: ClockConfig): Promise<void> {
	if (ids.length === 0) return;
	const [before, after] = await Promise.all([storedRows(tx, ids), computeRows(tx, ids, config)]);
	const cells = new Map<string, Cell>();
	for (const r of before) addCells(cells, r, -1);
	for (const r of after) addCells(cells, r, 1);
	// an item that no longer exists leaves; the others are written over in place
	const present = new Set(after.map((r) => r.itemId));
	const gone = ids.filter((id) => !present.has(id));
	if (gone.length) await tx`delete from rate_input where item_id = any(${tx.array(gone)}::bigint[])`;
	for (let i = 0; i < after.length; i += CHUNK) await tx`${insertRows(tx, after.slice(i, i + CHUNK))} on conflict (item_id) do update set ${tx.unsafe(REPLACE)}`;
	const changed = [...cells.values()].filter((c) => COUNTERS.some((k) => c[k] !== 0));
	// the months move by the days' sums
	const months = new Map<string, Cell>();
	for (const c of changed) {
		const key = `${c.day.slice(0, 7)}|${c.region}|${c.unit_id}`;
		const m = months.get(key);
		if (m) for (const k of COUNTERS) m[k] += c[k];
		else months.set(key, { ...c, day: `${c.day.slice(0, 7)}-01` });
	}
	const monthCells = [...months.values()];
	if (changed.length === 0) return;
	if (changed.length <= CHUNK && monthCells.length <= CHUNK) {
		// one round trip for both, as a relay step usually is
		await tx`
			with days as (${upsert(tx, 'rollup_rate', 'day', changed)})
			${upsert(tx, 'rollup_rate_month', 'month', monthCells)}`;
		return;
	}
	for (let i = 0; i < changed.length; i += CHUNK) await upsert(tx, 'rollup_rate', 'day', changed.slice(i, i + CHUNK));
	for (let i = 0; i < monthCells.length; i += CHUNK) await upsert(tx, 'rollup_rate_month', 'month', monthCells.slice(i, i + CHUNK));
}

const COLUMNS = Object.keys(columns({} as Row));
const REPLACE = COLUMNS.filter((c) => c !== 'item_id')
	.map((c) => `${c} = excluded.${c}`)
	.join(', ');

const add = (table: string) => COUNTERS.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ');

/**
 * Rows go to Postgres as one JSON parameter, read as the table's own row type: the statement's
 * text is the same whatever the number of rows. A VALUES list of one parameter per field was a
 * new prepared statement for every row count, which postgres.js and the backend each keep for the
 * connection's life (the 60× soak's server heap grew by 10 MB of them in 24 min: BENCHMARKS.md, P6).
 */
const fromJson = (tx: Db, table: string, rows: readonly object[], fields: readonly string[]) =>
	tx`select ${tx.unsafe(fields.join(', '))} from json_populate_recordset(null::${tx(table)}, ${tx.json(rows as never)}::json)`;

/** Rows (or rollup cells) written by one statement at most: a bounded message however many items a step or a rebuild moves. */
const CHUNK = 1000;
const insertRows = (tx: Db, rows: Row[]) => tx`insert into rate_input (${tx.unsafe(COLUMNS.join(', '))}) ${fromJson(tx, 'rate_input', rows.map(columns), COLUMNS)}`;

const CELL_FIELDS = ['region', 'unit_id', ...COUNTERS];

/** Adds the cells into a rollup (a statement fragment: nested as a CTE, or the statement). */
const upsert = (tx: Db, table: 'rollup_rate' | 'rollup_rate_month', key: 'day' | 'month', cells: Cell[]) => {
	const fields = [key, ...CELL_FIELDS];
	return tx`insert into ${tx(table)} (${tx.unsafe(fields.join(', '))}) ${fromJson(tx, table, cells.map(({ day, ...rest }) => ({ [key]: day, ...rest })), fields)}
	   on conflict (${tx(key)}, region, unit_id) do update set ${tx.unsafe(add(table))}`;
};

/**
 * Folds the petition changes stamped in [first, last] in (the relay's transaction): the changed
 * items (a 'petition' row, or a 'clock' row: an extension, pause or appeal written, migration 0161),
 * and the earlier items they repeat, now or before (their 一次性化解 depends on it).
 * Nothing before the first build or while the build is stale and no rebuild has started; during
 * a rebuild (rate-inputs-build.ts) every change, with the rules it builds against.
 */
export async function applyRateInputs(tx: Db, first: bigint, last: bigint): Promise<void> {
	// the changed items are asked for alongside the rules' probe (one round trip); unused before the first build
	const [config, rows] = await Promise.all([
		foldingConfig(tx),
		tx<{ id: string }[]>`
		with changed as (
			select distinct entity_id::bigint as id from outbox
			 where seq between ${first} and ${last} and topic in ('petition', 'clock')
		)
		select id::text from changed
		union select i.repeat_of::text from petition_item i join changed c on c.id = i.id where i.repeat_of is not null
		union select r.repeat_of::text from rate_input r join changed c on c.id = r.item_id where r.repeat_of is not null`
	]);
	if (!config) return;
	await refreshRateInputs(tx, rows.map((r) => r.id), config);
}

let folding: { key: string; config: ClockConfig | null } | null = null;

/**
 * The rules and calendar a relay step folds with: null before the first build, or while the build is
 * stale and no rebuild against the rules in force has begun. One probe a step (the digests, the rules' version, the calendar's rows hashed);
 * the config is read and digested again only when one of them moves.
 */
async function foldingConfig(tx: Db): Promise<ClockConfig | null> {
	const [probe] = await tx<{ built: string | null; building: string | null; version: number | null; calendar: string }[]>`
		select s.config as built, s.building, (select max(version) from rule_set) as version,
		       (select md5(coalesce(string_agg(h::text, ',' order by h.year), '')) from holiday_year h) as calendar
		  from rate_input_state s`;
	if (!probe || (!probe.built && !probe.building)) return null;
	const key = `${probe.built}|${probe.building}|${probe.version}|${probe.calendar}`;
	if (folding?.key !== key) {
		const config = await loadClockConfig(tx);
		const digest = configDigest(config);
		folding = { key, config: digest === probe.built || digest === probe.building ? config : null };
	}
	return folding.config;
}

/** Computes every row afresh and the rollup from them, in the caller's transaction (after a bulk load). */
export async function rebuildRateInputs(tx: Db, options: { batch?: number } = {}): Promise<void> {
	const batch = options.batch ?? 20_000;
	const config = await loadClockConfig(tx);
	await tx`delete from rate_input`;
	let after = '0';
	for (;;) {
		const ids = (await tx<{ id: string }[]>`select id::text from petition_item i where i.id > ${after}::bigint order by i.id limit ${batch}`).map((r) => r.id);
		if (ids.length === 0) break;
		const rows = await computeRows(tx, ids, config);
		for (let i = 0; i < rows.length; i += CHUNK) await insertRows(tx, rows.slice(i, i + CHUNK));
		after = ids[ids.length - 1];
	}
	await tx`delete from rollup_rate`;
	await tx`insert into rollup_rate select * from rollup_rate_truth order by day, region, unit_id`;
	await tx`delete from rollup_rate_month`;
	await tx`insert into rollup_rate_month select * from rollup_rate_month_truth order by month, region, unit_id`;
	await tx`update rate_input_state set config = ${configDigest(config)}, built_at = now()`;
	// a chunked build under way is done now (its columns, migration 0161, are absent in a database the upgrade test generates at 0160)
	const [{ chunked }] = await tx<{ chunked: boolean }[]>`
		select exists (select 1 from information_schema.columns where table_name = 'rate_input_state' and column_name = 'building') as chunked`;
	if (chunked) await tx`update rate_input_state set building = null, building_after = null, building_done = 0, building_total = 0`;
}

/**
 * The whole rebuild in one transaction holding the relay's lock (feed_state), so no step folds
 * changes in meanwhile: changes committed during it are stamped after it and refreshed then. The
 * relay waits for all of it; the background rebuild goes a chunk at a time (rate-inputs-build.ts).
 */
export async function rebuildRateInputsLocked(sql: Sql): Promise<void> {
	await sql.begin(async (tx) => {
		await tx`select 1 from feed_state for update`;
		await rebuildRateInputs(tx);
	});
}

const LIST = COUNTERS.join(', ');

/** Where rollup_rate (and rollup_rate_month) and their truth over rate_input disagree (empty when all is well). */
export async function rateRollupDifferences(sql: Db, limit = 20): Promise<{ key: string; stored: string | null; truth: string | null }[]> {
	const differences = (table: string, truth: string, key: string) =>
		sql.unsafe<{ key: string; stored: string | null; truth: string | null }[]>(`
			select concat_ws(' ', '${table}', coalesce(r.${key}, t.${key}), coalesce(r.region, t.region), coalesce(r.unit_id, t.unit_id)) as key,
			       case when r.${key} is null then null else concat_ws('/', ${COUNTERS.map((c) => `r.${c}`).join(', ')}) end as stored,
			       case when t.${key} is null then null else concat_ws('/', ${COUNTERS.map((c) => `t.${c}`).join(', ')}) end as truth
			  from (select * from ${table} where (${LIST}) <> (${COUNTERS.map(() => '0').join(', ')})) r
			  full join ${truth} t using (${key}, region, unit_id)
			 where (${COUNTERS.map((c) => `r.${c}`).join(', ')}) is distinct from (${COUNTERS.map((c) => `t.${c}`).join(', ')})
			 limit ${Number(limit)}`);
	return [...(await differences('rollup_rate', 'rollup_rate_truth', 'day')), ...(await differences('rollup_rate_month', 'rollup_rate_month_truth', 'month'))];
}
