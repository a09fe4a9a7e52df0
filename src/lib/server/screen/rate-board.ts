import { computeRates, leagueTable, tallyMemo, type Period, type RateItem } from '../../domain/rates.ts';
import { localDate } from '../../domain/deadlines.ts';
import { loadClockConfig } from '../clocks/config.ts';
import type { Sql } from '../db/connection.ts';
import { rateItems } from '../work/rates.ts';

const LEAGUE_ROWS = 10;
const EVERY_MS = 5 * 60_000;

/** Every region an item counts in: its county, its city, its province. */
const regionsOf = (region: string) => [...new Set([region, region.slice(0, 4) + '00', region.slice(0, 2) + '0000'])];

/**
 * Recomputes this month's rates and league table for every region of the province and stores
 * them in rate_board, one row per region. One read of the province's items, grouped in memory.
 * Nodes share the work: whoever holds the transaction lock refreshes, the others skip.
 */
export async function refreshRateBoard(sql: Sql, now = new Date()): Promise<number> {
	const [province] = await sql<{ adcode: string }[]>`select adcode from region where level = 'province' order by adcode limit 1`;
	if (!province) return 0;
	const config = await loadClockConfig(sql);
	const today = localDate(now);
	const period: Period = { from: `${today.slice(0, 7)}-01`, to: today };
	const principal = { userId: 0, username: 'rate-board', role: 'display' as const, scope: province.adcode, unitId: null };
	const items = await rateItems(sql, principal, province.adcode, period);
	const byRegion = new Map<string, RateItem[]>();
	for (const item of items) for (const r of regionsOf((item as RateItem & { region: string }).region)) byRegion.set(r, [...(byRegion.get(r) ?? []), item]);
	const tallyOf = tallyMemo(period, now, config);
	const rows = [...byRegion].map(([region, list]) => {
		const all = computeRates(list, period, now, config, tallyOf);
		const { ranked, belowMinimum } = leagueTable(list, period, now, config, 'onTimeConclusion', tallyOf);
		return {
			region,
			period_from: period.from,
			period_to: period.to,
			computed_at: now,
			rules_version: config.version,
			rates: { timelyAcceptance: all.timelyAcceptance, onTimeConclusion: all.onTimeConclusion, satisfaction: all.satisfaction, participation: all.participation },
			league: ranked.slice(0, LEAGUE_ROWS).map((r) => ({ unit: r.unitName, value: r.rate.value, volume: r.volume, rank: r.rank })),
			min_volume: config.rules.minLeagueVolume,
			below_minimum: belowMinimum.length
		};
	});
	return sql.begin(async (tx) => {
		const [{ locked }] = await tx<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(hashtext('liaowang.rate_board')) as locked`;
		if (!locked) return 0;
		await tx`delete from rate_board`;
		for (let i = 0; i < rows.length; i += 200) {
			const chunk = rows.slice(i, i + 200).map((r) => ({ ...r, rates: tx.json(r.rates), league: tx.json(r.league) }));
			await tx`insert into rate_board ${tx(chunk)}`;
		}
		return rows.length;
	});
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
