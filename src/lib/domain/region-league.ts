import type { Config } from './clocks.ts';
import { addTally, emptyTally, rateSetOf, tallyMemo, type Period, type Rate, type RateItem, type RateName, type RateTally, type TallyOf } from './rates.ts';

export type RegionLeagueRow = { region: string; name: string; rate: Rate; volume: number; rank: number | null };

/**
 * A league of the child regions (the cities of a province, the counties of a city) by one rate,
 * each computed over all its items. Only regions whose volume (the rate's denominator) reaches
 * rules.minLeagueVolume are ranked, so one case does not make a champion. Equal rates are told
 * apart by volume: the same rate held over more items ranks higher. Only an equal rate on an equal
 * volume shares a rank (1, 2, 2, 4). Regions without items are listed below the minimum with 0.
 */
export function regionLeague(
	items: (RateItem & { region: string })[],
	children: { adcode: string; name: string }[],
	childOf: (region: string) => string | null,
	period: Period,
	now: Date,
	config: Config,
	by: RateName = 'onTimeConclusion',
	tallyOf: TallyOf = tallyMemo(period, now, config)
): { ranked: RegionLeagueRow[]; belowMinimum: RegionLeagueRow[] } {
	const sums = new Map<string, RateTally>(children.map((c) => [c.adcode, emptyTally()]));
	for (const item of items) {
		const child = childOf(item.region);
		const sum = child === null ? undefined : sums.get(child);
		if (sum) addTally(sum, tallyOf(item));
	}
	return regionLeagueOf(
		children.map((c) => ({ ...c, tally: sums.get(c.adcode)! })),
		config,
		by
	);
}

/** The league of child regions whose counts are already summed (the rate board's rollups hand them over so). */
export function regionLeagueOf(children: { adcode: string; name: string; tally: RateTally }[], config: Config, by: RateName): { ranked: RegionLeagueRow[]; belowMinimum: RegionLeagueRow[] } {
	const rows: RegionLeagueRow[] = children.map(({ adcode, name, tally }) => {
		const rate = rateSetOf(tally)[by];
		return { region: adcode, name, rate, volume: rate.denominator, rank: null };
	});
	const ranked = rows
		.filter((r) => r.volume >= config.rules.minLeagueVolume && r.rate.value !== null)
		.sort((a, b) => b.rate.value! - a.rate.value! || b.volume - a.volume || a.region.localeCompare(b.region));
	ranked.forEach((row, i) => {
		const prev = ranked[i - 1];
		row.rank = prev && prev.rate.value === row.rate.value && prev.volume === row.volume ? prev.rank : i + 1;
	});
	const belowMinimum = rows.filter((r) => !ranked.includes(r)).sort((a, b) => b.volume - a.volume || a.region.localeCompare(b.region));
	return { ranked, belowMinimum };
}
