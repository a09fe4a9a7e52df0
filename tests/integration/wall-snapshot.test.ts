import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeRates } from '../../src/lib/domain/rates.ts';
import { loadClockConfig } from '../../src/lib/server/clocks/config.ts';
import { refreshRateBoard } from '../../src/lib/server/screen/rate-board.ts';
import { wallSnapshot } from '../../src/lib/server/screen/wall.ts';
import { generateDemoData } from '../../src/lib/server/sim/generate.ts';
import { groupWarnings } from '../../src/lib/server/work/queues.ts';
import { rateItems } from '../../src/lib/server/work/rates.ts';
import type { WallSnapshot } from '../../src/lib/screen/wall.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { insertItem } from '../support/fixtures.ts';

const now = new Date('2026-03-15T10:00:00+08:00');

/** The wall's figures against GROUP BY over petition_item: what the rollups stand in for. */
describe('wall snapshot', () => {
	let db: TestDatabase;

	beforeAll(async () => {
		db = await createTestDatabase();
		await generateDemoData(db.sql, { items: 3000, seed: 'wall', now, months: 14 });
		// some lights, as the sweeper would set them (the rollup is rebuilt from the truth view, as the generator does)
		await db.sql`update petition_item set light = (array['red', 'yellow', 'due_today', 'green'])[1 + id % 4] where concluded_at is null`;
		await db.sql`delete from rollup_state`;
		await db.sql`insert into rollup_state (region, unit_id, status, items, persons, light) select region, unit_id, status, items, persons, light from rollup_state_truth`;
	}, 120_000);
	afterAll(async () => {
		await db?.drop();
	});

	async function truth(adcode: string, from: string, to: string) {
		const [row] = await db.sql<{ items: number; repeats: number; skip: number; batches: number; persons: number }[]>`
			select count(*)::int as items, count(*) filter (where repeat_of is not null)::int as repeats, count(*) filter (where skip_level)::int as skip,
			       count(*) filter (where headcount >= 5)::int as batches, coalesce(sum(headcount) filter (where headcount >= 5), 0)::int as persons
			  from petition_item i join region r on r.adcode = i.region
			 where ${adcode} = any(r.path) and array_length(r.path, 1) >= ${adcode.endsWith('0000') ? 2 : 3}
			   and (i.received_at at time zone 'Asia/Shanghai')::date between ${from}::date and ${to}::date`;
		return row;
	}

	for (const adcode of ['370000', '370100', '370102']) {
		it(`equals GROUP BY for every period, the lights and the channels (${adcode})`, async () => {
			const s = (await wallSnapshot(db.sql, '370000', adcode, now)) as WallSnapshot;
			for (const [key, bucket] of Object.entries(s.periods)) {
				const t = await truth(adcode, bucket.from, bucket.to);
				expect({ key, items: bucket.items, repeats: bucket.repeats, skip: bucket.skipLevel, batches: bucket.groupBatches, persons: bucket.groupPersons }).toEqual({ key, ...t });
				expect(Object.values(bucket.channels).reduce((a, b) => a + b, 0)).toBe(t.items);
			}
			if (adcode === '370000') expect(s.periods.monthLastYear.items).toBeGreaterThan(0); // 14 months of history: 同比 has a base
			const lights = await db.sql<{ light: string; n: number }[]>`
				select light, count(*)::int as n from petition_item i join region r on r.adcode = i.region
				 where ${adcode} = any(r.path) and array_length(r.path, 1) >= ${adcode.endsWith('0000') ? 2 : 3} and light in ('red', 'yellow', 'due_today', 'paused')
				 group by 1`;
			expect(s.lights).toEqual({ red: 0, yellow: 0, due_today: 0, paused: 0, ...Object.fromEntries(lights.map((l) => [l.light, l.n])) });
			expect(s.overdueItems.length).toBe(Math.min(8, s.lights.red));
			expect(s.trend).toHaveLength(90);
		});
	}

	it('refuses a region outside the scope, and one that does not exist', async () => {
		expect(await wallSnapshot(db.sql, '370100', '370200', now)).toEqual({ refused: 'scope' });
		expect(await wallSnapshot(db.sql, '370100', '370199', now)).toEqual({ refused: 'missing' });
		const city = (await wallSnapshot(db.sql, '370100', '370102', now)) as WallSnapshot;
		expect(city.path.map((p) => p.adcode)).toEqual(['370100', '370102']); // the breadcrumb starts at the scope
	});

	it('keeps the rate board equal to the rates page computation for the same period and instant', async () => {
		// from the rate inputs' rollups, as /rates (every region, and the page-by-page fallback: rate-board.test.ts)
		expect(await refreshRateBoard(db.sql, now)).toBeGreaterThan(100);
		const config = await loadClockConfig(db.sql);
		const period = { from: '2026-03-01', to: '2026-03-15' };
		for (const region of ['370000', '370100']) {
			const items = await rateItems(db.sql, { userId: 0, username: 't', role: 'leader', scope: region, unitId: null }, region, period);
			const expected = computeRates(items, period, now, config);
			const s = (await wallSnapshot(db.sql, '370000', region, now)) as WallSnapshot;
			expect(s.rates!.rates.onTimeConclusion).toEqual(expected.onTimeConclusion);
			expect(s.rates!.rates.timelyAcceptance).toEqual(expected.timelyAcceptance);
			expect(s.rates!.rates.satisfaction).toEqual(expected.satisfaction);
			expect(s.rates!.rates.participation).toEqual(expected.participation);
		}
	});

	it("ranks the child regions in the 三率 league: the province's cities, a city's counties, a county's units", async () => {
		await refreshRateBoard(db.sql, now);
		const province = (await wallSnapshot(db.sql, '370000', '370000', now)) as WallSnapshot;
		const cities = new Set((await db.sql<{ name: string }[]>`select name from region where parent = '370000'`).map((r) => r.name));
		expect(province.rates!.leagueOf).toBe('city');
		expect(province.rates!.league.length).toBeGreaterThan(0);
		for (const row of province.rates!.league) expect(cities.has(row.name!)).toBe(true);
		// by rate, equal rates by volume: the order is strict unless both are equal
		for (const [i, row] of province.rates!.league.entries()) {
			if (i === 0) continue;
			const prev = province.rates!.league[i - 1];
			expect(prev.value! > row.value! || (prev.value === row.value && prev.volume >= row.volume)).toBe(true);
			expect(row.rank).toBe(prev.value === row.value && prev.volume === row.volume ? prev.rank : i + 1);
		}
		const city = (await wallSnapshot(db.sql, '370000', '370100', now)) as WallSnapshot;
		expect(city.rates!.leagueOf).toBe('county');
		const counties = new Set((await db.sql<{ name: string }[]>`select name from region where parent = '370100'`).map((r) => r.name));
		for (const row of city.rates!.league) expect(counties.has(row.name!)).toBe(true);
		expect(((await wallSnapshot(db.sql, '370000', '370102', now)) as WallSnapshot).rates!.leagueOf).toBe('unit');
	});

	// last: it writes items the rollups do not count (no relay runs here)
	it("counts 群体访预警 as /work lists them, by the same rule (济南's districts, a cluster across channels reaching the threshold)", async () => {
		const config = await loadClockConfig(db.sql);
		const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3600_000);
		// three petitions on the same matter in 历城区 within the window: 2 + 2 + 1 people (anonymous) reach 5
		await insertItem(db.sql, { region: '370112', category: 'land', channel: 'visit', headcount: 2, receivedAt: at(20) });
		await insertItem(db.sql, { region: '370112', category: 'land', channel: 'online', headcount: 2, receivedAt: at(10) });
		await insertItem(db.sql, { region: '370112', category: 'land', channel: 'phone', headcount: 1, receivedAt: at(2) });
		const leader = { userId: 0, username: 't', role: 'leader' as const, scope: '370100', unitId: null };
		const listed = await groupWarnings(db.sql, leader, config, now);
		// the wall reads them from the rate board, refreshed every 5 minutes with the rates
		expect(((await wallSnapshot(db.sql, '370000', '370100', now)) as WallSnapshot).groupWarnings?.reached ?? 0).toBe(0);
		await refreshRateBoard(db.sql, now);
		const s = (await wallSnapshot(db.sql, '370000', '370100', now)) as WallSnapshot;
		expect(listed.some((w) => w.region === '370112' && w.level === 'reached')).toBe(true);
		expect(s.groupWarnings).toEqual({
			windowHours: config.rules.groupWarning.windowHours,
			reached: listed.filter((w) => w.level === 'reached').length,
			approaching: listed.filter((w) => w.level === 'approaching').length,
			reachedByArea: Object.fromEntries(Object.entries(Object.groupBy(listed.filter((w) => w.level === 'reached'), (w) => w.region)).map(([k, v]) => [k, v!.length]))
		});
		// the province wall puts 历城区's warning on 济南; 历城区's own wall counts it too
		const province = (await wallSnapshot(db.sql, '370000', '370000', now)) as WallSnapshot;
		expect(province.groupWarnings!.reachedByArea['370100']).toBe(s.groupWarnings!.reached);
		const licheng = (await wallSnapshot(db.sql, '370000', '370112', now)) as WallSnapshot;
		expect(licheng.groupWarnings).toMatchObject({ reached: s.groupWarnings!.reachedByArea['370112'], reachedByArea: { '370112': s.groupWarnings!.reachedByArea['370112'] } });
	});
});
