import type { Principal } from '../../domain/access.ts';
import { addDays, localDate, startOfLocalDay } from '../../domain/deadlines.ts';
import {
	addTally,
	emptyTally,
	evaluationInstant,
	leagueOf,
	leagueTable,
	rateSetOf,
	ratesByKind,
	tallyMemo,
	type Period,
	type RateItem,
	type RateName,
	type RateTally
} from '../../domain/rates.ts';
import type { Channel, Satisfaction, UnitKind } from '../../domain/vocabulary.ts';
import type { ClockConfig } from '../clocks/config.ts';
import { loadFacts } from '../clocks/facts.ts';
import { transaction, type Sql } from '../db/connection.ts';
import { configDigest, rateInputsBuilt, storedColumns, type StoredRateInput } from '../feed/rate-inputs.ts';

// the planner's JIT compiles for longer than the read takes, and the generic plan a prepared
// statement falls back to after five runs (blind to the period and region) reads four times
// slower than a plan made for the values. Inside a caller's transaction (a meeting's freeze:
// repeatable read, so its rates are exact at the snapshot's seq) the reads join it, the settings
// holding to its end.
const planned = <T>(sql: Sql, body: (tx: Sql) => Promise<T>) => {
	const run = async (tx: Sql) => {
		await tx`set local jit = off`;
		await tx`set local plan_cache_mode = force_custom_plan`;
		return body(tx);
	};
	return 'savepoint' in sql ? run(sql) : transaction(sql, run);
};

/** An item as rateItems reads it: with its id as text and the region it lies in. */
export type RegionItem = RateItem & { id: string; region: string };

/**
 * The items a period's rates can depend on, in a region (and, for a unit, its own): received by
 * the period's end and not concluded before it began (a year back at most), with their facts.
 * `select.only`: just these items (the ones a rollup read cannot vouch for). `select.page`: only the next `limit` of them by id after `after` (a reader that keeps a year of a
 * province's facts out of memory at once).
 */
export async function rateItems(sql: Sql, user: Principal, region: string, period: Period, select: { page?: { after: string; limit: number }; only?: string[] } = {}): Promise<RegionItem[]> {
	const { page, only } = select;
	const start = startOfLocalDay(period.from);
	const end = startOfLocalDay(addDays(period.to, 1));
	const read = <T>(body: (tx: Sql) => Promise<T>) => planned(sql, body);
	const scoped = (tx: Sql) => tx`
		select i.id from petition_item i join region r on r.adcode = i.region
		 where ${region} = any(r.path) and ${user.scope} = any(r.path)
		   ${user.role === 'unit' ? tx`and i.unit_id = ${user.unitId}` : tx``}
		   ${only ? tx`and i.id = any(${tx.array(only)}::bigint[])` : tx``}
		   and i.received_at < ${end} and i.received_at >= ${new Date(start.getTime() - 366 * 86400_000)}
		   and (i.concluded_at is null or i.concluded_at >= ${start})
		   ${page ? tx`and i.id > ${page.after}::bigint order by i.id limit ${page.limit}` : tx``}`;
	// two connections at once: the database reads one while this node parses the other
	const [rows, facts] = await Promise.all([
		read(
			(tx) => tx<{ id: string; unitId: number | null; unitName: string | null; unitKind: UnitKind | null; channel: Channel; isRepeat: boolean; repeatedLater: boolean; satisfaction: Satisfaction | null; region: string }[]>`
				select i.id::text, i.region, i.unit_id as "unitId", u.name as "unitName", u.kind as "unitKind", i.channel,
				       i.repeat_of is not null as "isRepeat",
				       exists (select 1 from petition_item l where l.repeat_of = i.id) as "repeatedLater",
				       i.satisfaction
				  from petition_item i left join unit u on u.id = i.unit_id
				 where i.id in (${scoped(tx)})`
		),
		read((tx) => loadFacts(tx, scoped(tx)))
	]);
	// onto the facts objects themselves: no copy of 200,000 items. Both reads see the same items
	// unless one changed between them; an item the facts read did not see is left out.
	return rows.filter((r) => facts.has(r.id)).map((r) => Object.assign(facts.get(r.id)!, r, { unitName: r.unitName ?? undefined }));
}

export function ratesReport(items: RateItem[], period: Period, now: Date, config: ClockConfig, by: RateName) {
	const tallyOf = tallyMemo(period, now, config);
	return { byKind: ratesByKind(items, period, now, config, tallyOf), league: leagueTable(items, period, now, config, by, tallyOf), minVolume: config.rules.minLeagueVolume };
}


export type RatesReport = ReturnType<typeof ratesReport>;

/** A scope's counts in one region for one unit (0: items without a unit), and how many items the period selects there (what rateItems reads). */
export type RateCell = { region: string; unitId: number; tally: RateTally; present: number };

/** Cells by region and unit, made on first use. */
function cellMap() {
	const cells = new Map<string, RateCell>();
	const cell = (region: string, unitId: number | null) => {
		const key = `${region}|${unitId ?? 0}`;
		let c = cells.get(key);
		if (!c) cells.set(key, (c = { region, unitId: unitId ?? 0, tally: emptyTally(), present: 0 }));
		return c;
	};
	return { cell, cells: () => [...cells.values()] };
}

/**
 * A scope's counts per region and unit from the rate inputs' rollups (migration 0160), each
 * read once for the whole scope, equal to tallying rateItems item by item: the rollup's days
 * added up; the clocks still open, overdue by the period's instant, counted from the open items'
 * stored due dates; and the items that could read otherwise at that instant (a fact after it, an
 * open pause, a day outside the year after receipt) taken out of the sums and read row by row.
 * Null while the rate inputs are not built against the rules and calendar in force.
 */
export async function rateCells(sql: Sql, user: Principal, region: string, period: Period, now: Date, config: ClockConfig): Promise<RateCell[] | null> {
	const at = evaluationInstant(period, now);
	const today = localDate(at);
	const { from, to } = period;
	const windowFrom = addDays(from, -366);
	type Where = { region: string; unitId: number };
	type Sums = Where & RateTally;
	type Overdue = Where & { acceptOverdue: number; concludeOverdue: number };
	const read = await planned(sql, async (tx) => {
		const built = await rateInputsBuilt(tx);
		if (built !== configDigest(config)) return null;
		const scoped = (alias: string) => tx`${tx(alias)}.region in (select adcode from region g where ${region} = any(g.path) and ${user.scope} = any(g.path))
			${user.role === 'unit' ? tx`and ${tx(alias)}.unit_id = ${user.unitId}` : tx``}`;
		// the rollup rows of [a, b]: whole months from the month rollup, the rest day by day
		const rollupRows = (a: string, b: string, columns: string) => {
			const { days, months } = splitMonths(a, b);
			const parts = [
				...days.map(([x, y]) => tx`select r.region, r.unit_id, ${tx.unsafe(columns)} from rollup_rate r where r.day between ${x}::date and ${y}::date and ${scoped('r')}`),
				...(months ? [tx`select r.region, r.unit_id, ${tx.unsafe(columns)} from rollup_rate_month r where r.month between ${months[0]}::date and ${months[1]}::date and ${scoped('r')}`] : [])
			];
			return parts.reduce((all, part) => tx`${all} union all ${part}`);
		};
		const [sums, open, overdue, rows] = await Promise.all([
			tx<Sums[]>`
				select r.region, r.unit_id as "unitId", sum(r.received)::int as received, sum(r.online)::int as online, sum(r.repeats)::int as repeats,
				       sum(r.concluded)::int as concluded, sum(r.evaluated)::int as evaluated, sum(r.content)::int as content,
				       sum(r.first_time)::int as "firstTime", sum(r.resolved)::int as resolved, sum(r.accept_due)::int as "acceptDue",
				       sum(r.accept_on_time)::int as "acceptOnTime", sum(r.conclude_due)::int as "concludeDue", sum(r.conclude_on_time)::int as "concludeOnTime"
				  from (${rollupRows(from, to, 'r.received, r.online, r.repeats, r.concluded, r.evaluated, r.content, r.first_time, r.resolved, r.accept_due, r.accept_on_time, r.conclude_due, r.conclude_on_time')}) r
				 group by r.region, r.unit_id`,
			// the items the period selects that are still open: received within the year before it or in it
			tx<(Where & { items: number })[]>`
				select r.region, r.unit_id as "unitId", sum(r.open_items)::int as items from (${rollupRows(windowFrom, to, 'r.open_items')}) r group by r.region, r.unit_id`,
			tx<Overdue[]>`
				select i.region, coalesce(i.unit_id, 0) as "unitId",
				       count(*) filter (where i.accept_open_due < ${today}::date and i.accept_open_due >= ${from}::date)::int as "acceptOverdue",
				       count(*) filter (where i.conclude_open_due < ${today}::date and i.conclude_open_due >= ${from}::date)::int as "concludeOverdue"
				  from rate_input i
				 where ((i.accept_open_due < ${today}::date and i.accept_open_due >= ${from}::date) or (i.conclude_open_due < ${today}::date and i.conclude_open_due >= ${from}::date))
				   and not i.live and i.facts_until <= ${at} and ${scoped('i')}
				 group by 1, 2`,
			tx<StoredRateInput[]>`select ${storedColumns(tx)} from rate_input i where (i.live or i.facts_until > ${at}) and ${scoped('i')}`
		]);
		return { sums, open, overdue, rows };
	});
	if (!read) return null;
	const live = read.rows.length ? await rateItems(sql, user, region, period, { only: read.rows.map((r) => r.itemId) }) : [];

	const { cell, cells } = cellMap();
	for (const s of read.sums) addTally(cell(s.region, s.unitId).tally, s);
	// the items read row by row leave the sums
	const inPeriod = (day: string | null) => day !== null && day >= from && day <= to;
	for (const r of read.rows) {
		const c = cell(r.region, r.unitId);
		const t = c.tally;
		if (inPeriod(r.receivedDay)) {
			t.received--;
			if (r.online) t.online--;
			if (r.isRepeat) t.repeats--;
		}
		if (inPeriod(r.concludedDay)) {
			t.concluded--;
			if (r.evaluated) t.evaluated--;
			if (r.content) t.content--;
			if (r.firstTime) t.firstTime--;
			if (r.resolved) t.resolved--;
		}
		if (inPeriod(r.acceptDay)) {
			t.acceptDue--;
			if (r.acceptOnTime) t.acceptOnTime--;
		}
		if (inPeriod(r.concludeDay)) {
			t.concludeDue--;
			if (r.concludeOnTime) t.concludeOnTime--;
		}
		if (!r.concludedDay && r.receivedDay >= windowFrom && r.receivedDay <= to) c.present--;
	}
	// what is left are items each of which the period selects: concluded in it, or still open
	for (const c of cells()) c.present += c.tally.concluded;
	for (const o of read.open) cell(o.region, o.unitId).present += o.items;
	for (const o of read.overdue) {
		const t = cell(o.region, o.unitId).tally;
		t.acceptDue += o.acceptOverdue;
		t.concludeDue += o.concludeOverdue;
	}
	const tallyOf = tallyMemo(period, now, config);
	for (const item of live) {
		const c = cell(item.region, item.unitId);
		c.present++;
		addTally(c.tally, tallyOf(item));
	}
	return cells();
}

/**
 * The same cells tallied from rateItems, `limit` items at a time: only a page's facts (dates,
 * extensions, pauses) are held at once, never a year of a province's.
 */
export async function rateCellsFromRows(sql: Sql, user: Principal, region: string, period: Period, now: Date, config: ClockConfig, limit = 2000): Promise<RateCell[]> {
	const { cell, cells } = cellMap();
	for (let after = '0'; ; ) {
		const page = await rateItems(sql, user, region, period, { page: { after, limit } });
		if (page.length === 0) return cells();
		const tallyOf = tallyMemo(period, now, config);
		for (const item of page) {
			const c = cell(item.region, item.unitId);
			c.present++;
			addTally(c.tally, tallyOf(item));
			if (BigInt(item.id) > BigInt(after)) after = item.id;
		}
	}
}

/** The report from the rate inputs' rollups, equal to ratesReport over rateItems; null while they are not built (the caller reads row by row). */
export async function ratesFromRollups(sql: Sql, user: Principal, region: string, period: Period, now: Date, config: ClockConfig, by: RateName): Promise<(RatesReport & { items: number }) | null> {
	const cells = await rateCells(sql, user, region, period, now, config);
	if (!cells) return null;
	const units = new Map<number, { tally: RateTally; present: number }>();
	for (const c of cells) {
		let u = units.get(c.unitId);
		if (!u) units.set(c.unitId, (u = { tally: emptyTally(), present: 0 }));
		addTally(u.tally, c.tally);
		u.present += c.present;
	}

	const ids = [...units.keys()].filter((id) => id !== 0);
	const known = await unitsNamed(sql, ids);
	const all = emptyTally();
	const party = emptyTally();
	const government = emptyTally();
	let items = 0;
	for (const [id, u] of units) {
		items += u.present;
		addTally(all, u.tally);
		const kind = known.get(id)?.kind;
		if (kind === 'party') addTally(party, u.tally);
		else if (kind === 'government') addTally(government, u.tally);
	}
	const league = leagueOf(
		ids.filter((id) => units.get(id)!.present > 0).map((id) => ({ unitId: id, unitName: known.get(id)?.name ?? String(id), unitKind: known.get(id)?.kind ?? null, tally: units.get(id)!.tally })),
		config,
		by
	);
	return { byKind: { all: rateSetOf(all), party: rateSetOf(party), government: rateSetOf(government) }, league, minVolume: config.rules.minLeagueVolume, items };
}

/** The units' names and kinds, by id. */
export async function unitsNamed(sql: Sql, ids: number[]): Promise<Map<number, { name: string; kind: UnitKind }>> {
	const rows = ids.length ? await sql<{ id: number; name: string; kind: UnitKind }[]>`select id, name, kind from unit where id = any(${sql.array(ids)}::int[])` : [];
	return new Map(rows.map((n) => [n.id, n]));
}

/** The report and how many items it covers: from the rollups, or row by row while they are being built. */
export async function ratesFor(sql: Sql, user: Principal, region: string, period: Period, now: Date, config: ClockConfig, by: RateName): Promise<RatesReport & { items: number }> {
	const fromRollups = await ratesFromRollups(sql, user, region, period, now, config, by);
	if (fromRollups) return fromRollups;
	const items = await rateItems(sql, user, region, period);
	return { ...ratesReport(items, period, now, config, by), items: items.length };
}

/** [a, b] as whole months (first days of the first and last) and the days outside them. */
export function splitMonths(a: string, b: string): { days: [string, string][]; months: [string, string] | null } {
	const firstOfMonth = (d: string) => `${d.slice(0, 7)}-01`;
	const firstFull = a.endsWith('-01') ? a : firstOfMonth(addDays(firstOfMonth(a), 32));
	const lastFull = addDays(b, 1).endsWith('-01') ? b : addDays(firstOfMonth(b), -1);
	if (firstFull > lastFull) return { days: [[a, b]], months: null };
	const days: [string, string][] = [];
	if (a < firstFull) days.push([a, addDays(firstFull, -1)]);
	if (lastFull < b) days.push([addDays(lastFull, 1), b]);
	return { days, months: [firstFull, firstOfMonth(lastFull)] };
}
