import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/access.ts';
import { localDate } from '../../src/lib/domain/deadlines.ts';
import { computeRates, leagueTable, type Period } from '../../src/lib/domain/rates.ts';
import { regionLeague } from '../../src/lib/domain/region-league.ts';
import { loadClockConfig } from '../../src/lib/server/clocks/config.ts';
import { rateInputsBuilt, requestRateInputsRebuild } from '../../src/lib/server/feed/rate-inputs.ts';
import { runPendingRebuild } from '../../src/lib/server/feed/rebuild.ts';
import { stampBatch } from '../../src/lib/server/feed/stamp.ts';
import { applyTransition, type ServiceActor } from '../../src/lib/server/lifecycle/index.ts';
import { refreshRateBoard } from '../../src/lib/server/screen/rate-board.ts';
import { generateDemoData } from '../../src/lib/server/sim/generate.ts';
import { rateCells, rateItems } from '../../src/lib/server/work/rates.ts';
import { shortenConclusion } from '../support/rules.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const leader: Principal = { userId: 0, username: 't', role: 'leader', scope: '370000', unitId: null };

/** The wall's 三率 board, read from the rate inputs' rollups, equals the row-by-row computation for every region (issue 19). */
describe('rate board', () => {
	let db: TestDatabase;

	beforeAll(async () => {
		db = await createTestDatabase();
		await generateDemoData(db.sql, { items: 5000, seed: 'rate-board', months: 8 });
		// a small minimum volume, so that a few days into a month of a small demo the leagues rank (the rate inputs do not depend on it)
		await db.sql.begin(async (tx) => {
			const [{ version, rules }] = await tx<{ version: number; rules: object }[]>`select version, rules from rule_set order by version desc limit 1`;
			await tx`insert into rule_set (version, rules, note) values (${version + 1}, ${tx.json({ ...rules, minLeagueVolume: 2 } as never)}, '排名最低件数')`;
		});
		// The board is this month's. The demo places its facts relative to now, so early on the 1st (before
		// office hours, or all weekend when the month starts on a Saturday) the month holds no conclusion and
		// no overdue due date: the boards would compare empty rows. Whatever the date, four items in one county
		// of each of six cities are concluded now (through the lifecycle, relayed), so the province counts
		// them, ranks its cities and each of those cities ranks a county.
		const open = await db.sql<{ id: string; unitId: number; unitRegion: string; city: string }[]>`
			with handling as (
				select i.id, i.unit_id, u.region as unit_region, i.region, r.path[2] as city, count(*) over (partition by i.region) as n
				  from petition_item i join region r on r.adcode = i.region join unit u on u.id = i.unit_id
				 where i.status = 'handling' and i.track = 'petition'),
			county as (select distinct on (city) city, region from handling where n >= 4 order by city, n desc, region),
			picked as (select h.*, row_number() over (partition by h.region order by h.id) as k from handling h join county c using (city, region))
			select id::text, unit_id as "unitId", unit_region as "unitRegion", city from picked where k <= 4 and city in (select city from county order by city limit 6)
			 order by city, id`;
		expect(new Set(open.map((o) => o.city)).size, 'six cities each with a county of four items in handling').toBe(6);
		expect(open.length).toBe(24);
		const now = new Date();
		for (const it of open) {
			const clerk: ServiceActor = { role: 'unit', scope: it.unitRegion, unitId: it.unitId, name: '经办' };
			expect((await applyTransition(db.sql, clerk, it.id, 'conclude', { outcome: 'explain', text: '解释说明' }, { at: now, now })).ok).toBe(true);
		}
		while ((await stampBatch(db.sql, 1000)).length > 0);
	}, 180_000);
	afterAll(async () => db?.drop());

	/** Each region's row as the row-by-row path makes it: its items tallied one by one, its league over them. */
	async function reference(now: Date) {
		const config = await loadClockConfig(db.sql);
		const today = localDate(now);
		const period: Period = { from: `${today.slice(0, 7)}-01`, to: today };
		const regions = await db.sql<{ adcode: string; name: string; level: string; parent: string | null }[]>`select adcode, name, level, parent from region order by adcode`;
		const rows: Record<string, unknown> = {};
		for (const { adcode, level } of regions) {
			const items = await rateItems(db.sql, leader, adcode, period);
			if (items.length === 0) continue;
			const all = computeRates(items, period, now, config);
			const kids = level === 'county' ? [] : regions.filter((r) => r.parent === adcode);
			const { ranked, belowMinimum } = kids.length
				? regionLeague(items, kids, (r) => (level === 'province' ? `${r.slice(0, 4)}00` : r), period, now, config, 'onTimeConclusion')
				: (({ ranked, belowMinimum }) => ({ ranked: ranked.map((r) => ({ ...r, name: r.unitName })), belowMinimum }))(leagueTable(items, period, now, config, 'onTimeConclusion'));
			rows[adcode] = {
				period: [period.from, period.to],
				rates: { timelyAcceptance: all.timelyAcceptance, onTimeConclusion: all.onTimeConclusion, satisfaction: all.satisfaction, participation: all.participation },
				league: ranked.slice(0, 20).map((r) => ({ name: r.name, value: r.rate.value, volume: r.volume, rank: r.rank })),
				minVolume: config.rules.minLeagueVolume,
				belowMinimum: belowMinimum.length
			};
		}
		return rows;
	}

	async function board() {
		const rows = await db.sql<{ region: string; from: string; to: string; rates: unknown; league: unknown; minVolume: number; belowMinimum: number }[]>`
			select region, period_from::text as from, period_to::text as to, rates, league, min_volume as "minVolume", below_minimum as "belowMinimum" from rate_board order by region`;
		return Object.fromEntries(rows.map(({ region, from, to, ...r }) => [region, { period: [from, to], ...r }]));
	}

	/** Refreshes the board and compares every region's row; returns how many regions it compared. */
	async function compare(now: Date, pageSize?: number) {
		const written = await refreshRateBoard(db.sql, now, pageSize);
		const expected = await reference(now);
		expect(await board()).toEqual(expected);
		expect(written).toBe(Object.keys(expected).length);
		return expected as Record<string, { league: unknown[]; rates: { onTimeConclusion: { denominator: number } } }>;
	}

	it('after the demo generation: every region, from the rollups', async () => {
		expect(await rateInputsBuilt(db.sql)).not.toBeNull();
		const config = await loadClockConfig(db.sql);
		const now = new Date();
		const today = localDate(now);
		expect(await rateCells(db.sql, leader, '370000', { from: `${today.slice(0, 7)}-01`, to: today }, now, config)).not.toBeNull();
		const rows = await compare(now);
		// the comparison compares something: cities, counties and units ranked, counts in the province
		expect(Object.keys(rows).length).toBeGreaterThan(50);
		expect(rows['370000'].rates.onTimeConclusion.denominator).toBeGreaterThan(20);
		expect(rows['370000'].league.length).toBeGreaterThan(3);
		// cities rank their counties (a county's units reach the minimum volume only some days into a month)
		expect(Object.entries(rows).filter(([r, row]) => r.endsWith('00') && !r.endsWith('0000') && row.league.length > 0).length).toBeGreaterThan(3);
	}, 180_000);

	it('after lifecycle writes relayed, and judged at an instant before some facts (read row by row)', async () => {
		const pick = (status: string, n: number) =>
			db.sql<{ id: string; unitId: number; region: string }[]>`
				select i.id::text, i.unit_id as "unitId", u.region from petition_item i join unit u on u.id = i.unit_id
				 where i.status = ${status} and i.track = 'petition' order by i.id desc limit ${n}`;
		const clerk = (it: { unitId: number; region: string }): ServiceActor => ({ role: 'unit', scope: it.region, unitId: it.unitId, name: '经办' });
		let applied = 0;
		for (const it of await pick('routed', 6)) if ((await applyTransition(db.sql, clerk(it), it.id, 'accept', {})).ok) applied++;
		for (const it of await pick('accepted', 6)) if ((await applyTransition(db.sql, clerk(it), it.id, 'start', {})).ok) applied++;
		for (const it of await pick('handling', 8)) if ((await applyTransition(db.sql, clerk(it), it.id, 'conclude', { outcome: 'explain', text: '解释说明' })).ok) applied++;
		expect(applied).toBeGreaterThan(10);
		while ((await stampBatch(db.sql, 1000)).length > 0);
		await compare(new Date());
		// an hour ago: the writes just made are facts after the instant, read row by row
		await compare(new Date(Date.now() - 3600_000));
	}, 180_000);

	it('while the rate inputs are rebuilt for new rules: row by row, page by page, then from the rollups again', async () => {
		await shortenConclusion(db.sql, 20);
		const config = await loadClockConfig(db.sql);
		const now = new Date();
		const today = localDate(now);
		const period = { from: `${today.slice(0, 7)}-01`, to: today };
		expect(await requestRateInputsRebuild(db.sql, config)).toBe(true);
		expect(await rateCells(db.sql, leader, '370000', period, now, config)).toBeNull();
		const before = await compare(now, 50);
		const [{ version }] = await db.sql<{ version: number }[]>`select distinct rules_version as version from rate_board`;
		expect(version).toBe(config.version);
		await runPendingRebuild(db.sql);
		expect(await rateCells(db.sql, leader, '370000', period, now, config)).not.toBeNull();
		expect(await compare(now)).toEqual(before);
	}, 240_000);
});
