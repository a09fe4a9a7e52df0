import { describe, expect, it } from 'vitest';
import { emptyTally, type RateItem } from './rates.ts';
import { regionLeague, regionLeagueOf } from './region-league.ts';
import { config, facts, t } from './spec-support.ts';

const march = { from: '2026-03-01', to: '2026-03-31' };
const now = t('2026-04-15 10:00');
const cities = [
	{ adcode: '370100', name: '济南市' },
	{ adcode: '370200', name: '青岛市' },
	{ adcode: '370300', name: '淄博市' },
	{ adcode: '370400', name: '枣庄市' }
];
const cityOf = (region: string) => `${region.slice(0, 4)}00`;

/** An item due for conclusion in March, concluded on `concluded` (on time up to its due day) or still open. */
let n = 0;
function due(region: string, onTime: boolean): RateItem & { region: string } {
	const base = { received: '2026-01-01', routed: '2026-01-02', accepted: '2026-01-05' };
	return {
		...facts(onTime ? { ...base, concluded: '2026-03-01' } : base),
		id: `i${++n}`,
		region,
		unitId: Number(region.slice(2)),
		unitKind: null,
		channel: 'letter',
		isRepeat: false,
		satisfaction: null
	};
}
const many = (region: string, good: number, bad: number) => [...Array.from({ length: good }, () => due(region, true)), ...Array.from({ length: bad }, () => due(region, false))];

describe('regionLeague', () => {
	it('ranks the child regions by the rate over all their items, counties counted in their city', () => {
		const items = [...many('370102', 3, 0), ...many('370112', 1, 0), ...many('370203', 2, 2), ...many('370302', 1, 0)];
		const { ranked, belowMinimum } = regionLeague(items, cities, cityOf, march, now, config({ minLeagueVolume: 2 }));
		expect(ranked.map((r) => [r.rank, r.name, r.rate.numerator, r.volume])).toEqual([
			[1, '济南市', 4, 4],
			[2, '青岛市', 2, 4]
		]);
		// below the minimum: one case makes no champion; a region without items is listed with 0
		expect(belowMinimum.map((r) => [r.name, r.volume])).toEqual([
			['淄博市', 1],
			['枣庄市', 0]
		]);
	});

	it('tells equal rates apart by volume (more items ranks higher); only equal rate and volume share a rank', () => {
		const items = [...many('370102', 5, 0), ...many('370203', 9, 0), ...many('370302', 5, 0), ...many('370402', 4, 1)];
		const { ranked } = regionLeague(items, cities, cityOf, march, now, config({ minLeagueVolume: 1 }));
		expect(ranked.map((r) => [r.rank, r.region, r.rate.value, r.volume])).toEqual([
			[1, '370200', 1, 9],
			[2, '370100', 1, 5],
			[2, '370300', 1, 5],
			[4, '370400', 0.8, 5]
		]);
	});

	it('leaves out items outside the children (childOf gives null or another region)', () => {
		const items = [...many('370102', 2, 0), ...many('379999', 5, 0)];
		const { ranked } = regionLeague(items, cities.slice(0, 1), (r) => (r.startsWith('3701') ? '370100' : null), march, now, config({ minLeagueVolume: 1 }));
		expect(ranked.map((r) => [r.region, r.volume])).toEqual([['370100', 2]]);
	});

	it('by another rate: nothing due for acceptance in March leaves every region unranked', () => {
		const { ranked, belowMinimum } = regionLeague(many('370102', 3, 0), cities.slice(0, 1), cityOf, march, now, config({ minLeagueVolume: 1 }), 'timelyAcceptance');
		expect(ranked).toEqual([]);
		expect(belowMinimum.map((r) => [r.name, r.rate.value])).toEqual([['济南市', null]]);
	});

	it('ranks counts already summed (the rate board reads them from the rollups) as it ranks their items', () => {
		const summed = (onTime: number, due: number) => ({ ...emptyTally(), concludeOnTime: onTime, concludeDue: due });
		const { ranked, belowMinimum } = regionLeagueOf(
			[
				{ ...cities[0], tally: summed(5, 5) },
				{ ...cities[1], tally: summed(9, 9) },
				{ ...cities[2], tally: summed(4, 5) },
				{ ...cities[3], tally: summed(1, 1) }
			],
			config({ minLeagueVolume: 2 }),
			'onTimeConclusion'
		);
		const items = [...many('370102', 5, 0), ...many('370203', 9, 0), ...many('370302', 4, 1), ...many('370402', 1, 0)];
		expect({ ranked, belowMinimum }).toEqual(regionLeague(items, cities, cityOf, march, now, config({ minLeagueVolume: 2 })));
		expect(ranked.map((r) => [r.rank, r.region])).toEqual([
			[1, '370200'],
			[2, '370100'],
			[3, '370300']
		]);
		expect(belowMinimum.map((r) => r.region)).toEqual(['370400']);
	});
});
