import { computeRates, leagueTable, tallyMemo, type Period, type RateItem, type RateTally, type TallyOf } from '../../domain/rates.ts';
import type { Principal } from '../../domain/access.ts';
import { localDate } from '../../domain/deadlines.ts';
import { regionLeague } from '../../domain/region-league.ts';
import type { GroupWarnings } from '../../screen/wall.ts';
import { loadClockConfig, type ClockConfig } from '../clocks/config.ts';
import { groupWarningsIn, type NamedGroupWarning } from '../groups/warnings.ts';
import type { Sql } from '../db/connection.ts';
import { rateItems } from '../work/rates.ts';

const LEAGUE_ROWS = 20;
const EVERY_MS = 5 * 60_000;
/** items whose facts are held at once while the board is tallied */
const PAGE = 2000;

/** Every region an item counts in: its county, its city, its province. */
const regionsOf = (region: string) => [...new Set([region, region.slice(0, 4) + '00', region.slice(0, 2) + '0000'])];

/** The child region (a city of the province, a county of a city) that `region` lies in. */
const childOf = (parentLevel: string) => (region: string) => (parentLevel === 'province' ? `${region.slice(0, 4)}00` : region);

/**
 * Recomputes this month's rates and league table for every region of the province and stores
 * them in rate_board, one row per region: the province's league ranks its cities, a city's its
 * counties, a county's its units. The province's items are read page by page and tallied, then grouped in memory.
 * Nodes share the work: whoever holds the transaction lock refreshes, the others skip.
 */
export async function refreshRateBoard(sql: Sql, now = new Date(), pageSize = PAGE): Promise<number> {
	const [province] = await sql<{ adcode: string }[]>`select adcode from region where level = 'province' order by adcode limit 1`;
	if (!province) return 0;
	const config = await loadClockConfig(sql);
	const today = localDate(now);
	const period: Period = { from: `${today.slice(0, 7)}-01`, to: today };
	const principal = { userId: 0, username: 'rate-board', role: 'display' as const, scope: province.adcode, unitId: null };
	const items = await talliedItems(sql, principal, province.adcode, period, now, config, pageSize);
	const tallyOf = ((item: Tallied) => item.tally) as unknown as TallyOf;
	const regions = await sql<{ adcode: string; name: string; level: string; parent: string | null }[]>`select adcode, name, level, parent from region order by adcode`;
	const level = new Map(regions.map((r) => [r.adcode, r.level]));
	const children = new Map<string, { adcode: string; name: string }[]>();
	for (const r of regions) if (r.parent) (children.get(r.parent) ?? children.set(r.parent, []).get(r.parent)!).push(r);
	const warnings = await groupWarningsIn(sql, province.adcode, config.rules, now);
	const byRegion = new Map<string, Tallied[]>();
	// pushed, never copied: a copy per item made the province's list quadratic (a year of a
	// province's items held the event loop for minutes and hundreds of MB of garbage)
	for (const item of items) for (const r of regionsOf(item.region)) (byRegion.get(r) ?? byRegion.set(r, []).get(r)!).push(item);
	const rows = [...byRegion].map(([region, tallied]) => {
		const list = tallied as unknown as (RateItem & { region: string })[]; // read only through tallyOf and the unit fields
		const all = computeRates(list, period, now, config, tallyOf);
		const kids = level.get(region) === 'county' ? [] : (children.get(region) ?? []);
		const { ranked, belowMinimum } = kids.length
			? regionLeague(list, kids, childOf(level.get(region) ?? ''), period, now, config, 'onTimeConclusion', tallyOf)
			: unitLeague(list, period, now, config, tallyOf);
		return {
			region,
			period_from: period.from,
			period_to: period.to,
			computed_at: now,
			rules_version: config.version,
			rates: { timelyAcceptance: all.timelyAcceptance, onTimeConclusion: all.onTimeConclusion, satisfaction: all.satisfaction, participation: all.participation },
			league: ranked.slice(0, LEAGUE_ROWS).map((r) => ({ name: r.name, value: r.rate.value, volume: r.volume, rank: r.rank })),
			min_volume: config.rules.minLeagueVolume,
			below_minimum: belowMinimum.length,
			group_warnings: warningsIn(warnings, region, level.get(region) ?? '', config.rules.groupWarning.windowHours)
		};
	});
	return sql.begin(async (tx) => {
		const [{ locked }] = await tx<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(hashtext('liaowang.rate_board')) as locked`;
		if (!locked) return 0;
		await tx`delete from rate_board`;
		for (let i = 0; i < rows.length; i += 200) {
			const chunk = rows.slice(i, i + 200).map((r) => ({ ...r, rates: tx.json(r.rates), league: tx.json(r.league), group_warnings: tx.json(r.group_warnings) }));
			await tx`insert into rate_board ${tx(chunk)}`;
		}
		return rows.length;
	});
}

/** What the board needs of an item: where it counts, its unit, and its tally (its facts are dropped). */
type Tallied = Pick<RateItem, 'unitId' | 'unitName' | 'unitKind'> & { region: string; tally: RateTally };

/**
 * The province's items tallied page by page: only a page's facts (dates, extensions, pauses) are
 * held at once, not a year of the province's (measured on the 200k demo: 72k items, ~150 MB of
 * heap at the peak, which the process kept as RSS long after).
 */
async function talliedItems(sql: Sql, principal: Principal, province: string, period: Period, now: Date, config: ClockConfig, limit: number): Promise<Tallied[]> {
	const out: Tallied[] = [];
	for (let after = '0'; ; ) {
		const page = (await rateItems(sql, principal, province, period, { page: { after, limit } })) as (RateItem & { region: string; id: string })[];
		if (page.length === 0) return out;
		const tallyOf = tallyMemo(period, now, config);
		for (const item of page) {
			out.push({ region: item.region, unitId: item.unitId, unitName: item.unitName, unitKind: item.unitKind, tally: tallyOf(item) });
			if (BigInt(item.id) > BigInt(after)) after = item.id;
		}
	}
}

/** The warnings within a region: counted, and the reached ones per child area (a county: itself), as the map marks them. */
function warningsIn(all: NamedGroupWarning[], region: string, level: string, windowHours: number): GroupWarnings {
	const within = all.filter((w) => regionsOf(w.region).includes(region));
	const board: GroupWarnings = { windowHours, reached: 0, approaching: 0, reachedByArea: {} };
	for (const w of within) {
		if (w.level === 'approaching') {
			board.approaching++;
			continue;
		}
		board.reached++;
		const area = level === 'province' ? `${w.region.slice(0, 4)}00` : level === 'county' ? region : w.region;
		if (area !== region || level === 'county') board.reachedByArea[area] = (board.reachedByArea[area] ?? 0) + 1;
	}
	return board;
}

/** A county's league: its units, named. */
function unitLeague(list: RateItem[], period: Period, now: Date, config: Parameters<typeof leagueTable>[3], tallyOf: TallyOf) {
	const { ranked, belowMinimum } = leagueTable(list, period, now, config, 'onTimeConclusion', tallyOf);
	return { ranked: ranked.map((r) => ({ ...r, name: r.unitName })), belowMinimum };
}

/** Refreshes the board now and every five minutes; returns the stop function. */
export function startRateBoard(sql: Sql, log: (message: string) => void): () => Promise<unknown> {
	let running: Promise<unknown> = Promise.resolve();
	const run = () => (running = refreshRateBoard(sql).catch((e: Error) => log(`考核指标看板刷新失败：${e.message}`)));
	const first = setTimeout(run, 1000);
	const timer = setInterval(run, EVERY_MS);
	return () => {
		clearTimeout(first);
		clearInterval(timer);
		return running;
	};
}
