import { addTally, emptyTally, leagueOf, rateSetOf, type Period, type RateTally } from '../../domain/rates.ts';
import { localDate } from '../../domain/deadlines.ts';
import { regionLeagueOf } from '../../domain/region-league.ts';
import type { GroupWarnings } from '../../screen/wall.ts';
import { loadClockConfig } from '../clocks/config.ts';
import { groupWarningsIn, type NamedGroupWarning } from '../groups/warnings.ts';
import type { Sql } from '../db/connection.ts';
import { rateCells, rateCellsFromRows, unitsNamed } from '../work/rates.ts';

const LEAGUE_ROWS = 20;
const EVERY_MS = 5 * 60_000;
/** items whose facts are held at once while the board is tallied row by row */
const PAGE = 2000;
const BY = 'onTimeConclusion';

/** Every region an item counts in: its county, its city, its province. */
const regionsOf = (region: string) => [...new Set([region, region.slice(0, 4) + '00', region.slice(0, 2) + '0000'])];

/** The child region (a city of the province, a county of a city) that `region` lies in. */
const childOf = (parentLevel: string) => (region: string) => (parentLevel === 'province' ? `${region.slice(0, 4)}00` : region);

/** Counts summed, and how many items they cover. */
type Sum = { tally: RateTally; present: number };
const entry = <K, V>(map: Map<K, V>, key: K, made: () => V) => map.get(key) ?? map.set(key, made()).get(key)!;
const sumIn = <K>(map: Map<K, Sum>, key: K) => entry(map, key, () => ({ tally: emptyTally(), present: 0 }));

/**
 * Recomputes this month's rates and league table for every region of the province and stores
 * them in rate_board, one row per region with items: the province's league ranks its cities, a
 * city's its counties, a county's its units. The counts are those /rates reads: the province's
 * cells per region and unit from the rate inputs' rollups, read once; while those are being
 * rebuilt for new rules or a new calendar, the same cells tallied from the items page by page
 * (slower, but the wall keeps rates of the rules in force rather than going stale or blank).
 * Nodes share the work: whoever holds the transaction lock refreshes, the others skip.
 */
export async function refreshRateBoard(sql: Sql, now = new Date(), pageSize = PAGE): Promise<number> {
	const [province] = await sql<{ adcode: string }[]>`select adcode from region where level = 'province' order by adcode limit 1`;
	if (!province) return 0;
	const config = await loadClockConfig(sql);
	const today = localDate(now);
	const period: Period = { from: `${today.slice(0, 7)}-01`, to: today };
	const principal = { userId: 0, username: 'rate-board', role: 'display' as const, scope: province.adcode, unitId: null };
	const cells = (await rateCells(sql, principal, province.adcode, period, now, config)) ?? (await rateCellsFromRows(sql, principal, province.adcode, period, now, config, pageSize));
	const regions = await sql<{ adcode: string; name: string; level: string; parent: string | null }[]>`select adcode, name, level, parent from region order by adcode`;
	const level = new Map(regions.map((r) => [r.adcode, r.level]));
	const children = new Map<string, { adcode: string; name: string }[]>();
	for (const r of regions) if (r.parent) entry(children, r.parent, () => []).push(r);
	const kidsOf = (region: string) => (level.get(region) === 'county' ? [] : (children.get(region) ?? []));
	const warnings = await groupWarningsIn(sql, province.adcode, config.rules, now);
	// each warning filed under its county, city and province once (not every warning tested for every region)
	const warningsByRegion = new Map<string, NamedGroupWarning[]>();
	for (const w of warnings) for (const r of regionsOf(w.region)) entry(warningsByRegion, r, () => [] as NamedGroupWarning[]).push(w);

	// each region's own sum, and its league's: per child region, or per unit where it has none
	const own = new Map<string, Sum>();
	const byChild = new Map<string, Map<string, Sum>>();
	const byUnit = new Map<string, Map<number, Sum>>();
	for (const c of cells)
		for (const region of regionsOf(c.region)) {
			const sums = [sumIn(own, region)];
			if (kidsOf(region).length) sums.push(sumIn(entry(byChild, region, () => new Map()), childOf(level.get(region) ?? '')(c.region)));
			else if (c.unitId !== 0) sums.push(sumIn(entry(byUnit, region, () => new Map()), c.unitId));
			for (const s of sums) {
				addTally(s.tally, c.tally);
				s.present += c.present;
			}
		}
	const units = await unitsNamed(sql, [...new Set(cells.map((c) => c.unitId).filter((id) => id !== 0))]);
	const rows = [...own].filter(([, sum]) => sum.present > 0).map(([region, sum]) => {
		const all = rateSetOf(sum.tally);
		const kids = kidsOf(region);
		const { ranked, belowMinimum } = kids.length
			? regionLeagueOf(
					kids.map((k) => ({ ...k, tally: byChild.get(region)?.get(k.adcode)?.tally ?? emptyTally() })),
					config,
					BY
				)
			: unitLeague(byUnit.get(region) ?? new Map(), units, config);
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
			group_warnings: warningsIn(warningsByRegion.get(region) ?? [], region, level.get(region) ?? '', config.rules.groupWarning.windowHours)
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

/** A county's league: its units with items, named. */
function unitLeague(sums: Map<number, Sum>, units: Awaited<ReturnType<typeof unitsNamed>>, config: Parameters<typeof leagueOf>[1]) {
	const listed = [...sums].filter(([, s]) => s.present > 0);
	const { ranked, belowMinimum } = leagueOf(
		listed.map(([unitId, s]) => ({ unitId, unitName: units.get(unitId)?.name ?? String(unitId), unitKind: units.get(unitId)?.kind ?? null, tally: s.tally })),
		config,
		BY
	);
	return { ranked: ranked.map((r) => ({ ...r, name: r.unitName })), belowMinimum };
}

/** The warnings within a region (`within`: those filed under it): counted, and the reached ones per child area (a county: itself), as the map marks them. */
function warningsIn(within: NamedGroupWarning[], region: string, level: string, windowHours: number): GroupWarnings {
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
