import { describe, expect, it } from 'vitest';
import type { FeedEvent, PetitionPayload } from '../feed/protocol.ts';
import { applyWallEvents, nextWallSnapshot } from './apply.ts';
import { emptyBucket, noLights, periodRanges, type WallSnapshot } from './wall.ts';

const TODAY = '2026-11-25';

function snapshot(): WallSnapshot {
	const ranges = periodRanges(TODAY);
	const periods = Object.fromEntries(Object.entries(ranges).map(([k, span]) => [k, emptyBucket(span)])) as WallSnapshot['periods'];
	return {
		seq: 10,
		today: TODAY,
		region: { adcode: '370000', name: '山东省', level: 'province', center: [117, 36.4] },
		path: [{ adcode: '370000', name: '山东省' }],
		map: '370000',
		areas: [
			{ adcode: '370100', name: '济南市', center: [117, 36.6] },
			{ adcode: '370200', name: '青岛市', center: [120.4, 36.1] }
		],
		todayByArea: { '370100': 0, '370200': 0 },
		monthByArea: { '370100': 0, '370200': 0 },
		trend: Array.from({ length: 3 }, (_, i) => ({ day: `2026-11-2${3 + i}`, items: 0 })),
		periods,
		lights: noLights(),
		lightsByArea: {},
		groupsByArea: {},
		skipByArea: {},
		overdueUnits: [{ unitId: 7, name: '历下区人社局', red: 2 }],
		overdueItems: [],
		cases: { total: 0, resolving: 0, resolved: 0, overdue: 0, stuck: [], scorecard: [] },
		rates: null,
		letters: { issuedToday: 0, awaitingSign: 0, feedbackOverdue: 0 },
		groupThreshold: 5
	};
}

let seq = 10;
function event(op: FeedEvent['op'], item: Partial<PetitionPayload>, topic = 'petition'): FeedEvent {
	const payload = { id: 1, serial: '370102-20261125-000001', region: '370102', receivedAt: '2026-11-25T02:00:00Z', channel: 'online', category: 'labour', headcount: 1, unitId: 7, skipLevel: false, repeat: false, light: 'green', ...item };
	return { seq: ++seq, topic, entity: 'petition_item', entityId: String(payload.id), op, regionPath: [], at: '', payload };
}

describe('applyWallEvents', () => {
	it('counts a new item in today, this week and month, its channel and category, and the trend', () => {
		const s = snapshot();
		const r = applyWallEvents(s, [event('insert', {})]);
		expect(r).toEqual({ changed: true, highlights: [], refetch: false });
		expect(s.todayByArea['370100']).toBe(1);
		for (const key of ['today', 'week', 'month'] as const) expect(s.periods[key].items).toBe(1);
		expect(s.periods.yesterday.items).toBe(0);
		expect(s.periods.month.channels).toEqual({ online: 1 });
		expect(s.periods.month.categories).toEqual({ labour: 1 });
		expect(s.trend.at(-1)!.items).toBe(1);
		expect(s.seq).toBe(11);
	});

	it('counts a group visit (5 or more) in batches and persons, marks it on the map and highlights it', () => {
		const s = snapshot();
		const r = applyWallEvents(s, [event('insert', { headcount: 12, skipLevel: true, repeat: true })]);
		expect(s.periods.today).toMatchObject({ items: 1, persons: 12, groupBatches: 1, groupPersons: 12, skipLevel: 1, repeats: 1 });
		expect(s.groupsByArea['370100']).toBe(1);
		expect(s.skipByArea['370100']).toBe(1);
		expect(r.highlights).toEqual([{ kind: 'group', area: '370100', seq: s.seq }]);
	});

	it('counts groups by the snapshot’s threshold from the rules: at 10, six people are no group', () => {
		const s = { ...snapshot(), groupThreshold: 10 };
		const r = applyWallEvents(s, [event('insert', { headcount: 6 }), event('insert', { id: 2, headcount: 10 })]);
		expect(s.periods.today).toMatchObject({ items: 2, persons: 16, groupBatches: 1, groupPersons: 10 });
		expect(r.highlights).toEqual([{ kind: 'group', area: '370100', seq: s.seq }]);
	});

	it('a rules event (a rebuilt rollup) asks for a fresh snapshot', () => {
		const s = snapshot();
		expect(applyWallEvents(s, [{ ...event('update', {}), topic: 'rules', entity: 'rule_set', payload: { groupThreshold: 10 } }]).refetch).toBe(true);
		expect(s.groupThreshold).toBe(10);
		applyWallEvents(s, [event('insert', { headcount: 7 })]);
		expect(s.periods.today.groupBatches).toBe(0);
	});

	it('moves lights on an update: the old light out, the new one in, per area and unit; a new red is highlighted and listed', () => {
		const s = snapshot();
		applyWallEvents(s, [event('insert', { light: 'yellow' })]);
		expect(s.lights.yellow).toBe(1);
		const prev = { status: 'handling', region: '370102', receivedAt: '2026-11-25T02:00:00Z', channel: 'online', category: 'labour', headcount: 1, unitId: 7, light: 'yellow' };
		const r = applyWallEvents(s, [event('update', { light: 'red', clockDue: '2026-11-24', prev })]);
		expect(s.lights).toMatchObject({ yellow: 0, red: 1 });
		expect(s.lightsByArea['370100']).toMatchObject({ yellow: 0, red: 1 });
		expect(s.overdueUnits[0].red).toBe(3);
		expect(r.highlights).toEqual([{ kind: 'red', area: '370100', seq: s.seq }]);
		expect(s.overdueItems).toEqual([{ id: 1, serial: '370102-20261125-000001', region: '370102', category: 'labour', unit: '历下区人社局', clockDue: '2026-11-24' }]);
		// the received-day counts did not move
		expect(s.periods.today.items).toBe(1);
		// concluded: leaves red and the list
		applyWallEvents(s, [event('update', { light: 'none', status: 'concluded', prev: { ...prev, light: 'red' } })]);
		expect(s.lights.red).toBe(0);
		expect(s.overdueItems).toEqual([]);
		expect(s.overdueUnits[0].red).toBe(2);
	});

	it('moves an item between areas and days on an update that changes them, and only its lights on one that does not', () => {
		const s = snapshot();
		applyWallEvents(s, [event('insert', { light: 'green' })]);
		const prev = { status: 'registered', region: '370102', receivedAt: '2026-11-25T02:00:00Z', channel: 'online', category: 'labour', headcount: 1, unitId: 7, skipLevel: false, repeat: false, light: 'green' };
		const before = structuredClone(s.periods);
		applyWallEvents(s, [event('update', { status: 'routed', light: 'yellow', prev })]);
		expect(s.periods).toEqual(before);
		expect(s.lights.yellow).toBe(1);
		applyWallEvents(s, [event('update', { region: '370202', receivedAt: '2026-11-24T02:00:00Z', light: 'yellow', prev: { ...prev, light: 'yellow' } })]);
		expect(s.todayByArea).toEqual({ '370100': 0, '370200': 0 });
		expect(s.periods.yesterday.items).toBe(1);
		expect(s.periods.today.items).toBe(0);
		expect(s.trend.map((d) => d.items)).toEqual([0, 1, 0]);
		expect(s.lightsByArea['370100'].yellow).toBe(0);
		expect(s.lightsByArea['370200'].yellow).toBe(1);
	});

	it('keeps only the oldest 8 overdue items', () => {
		const s = snapshot();
		const events = Array.from({ length: 12 }, (_, i) => event('insert', { id: 100 + i, light: 'red', clockDue: `2026-10-${String(30 - i).padStart(2, '0')}` }));
		applyWallEvents(s, events);
		expect(s.overdueItems.map((o) => o.id)).toEqual([111, 110, 109, 108, 107, 106, 105, 104]);
		expect(s.lights.red).toBe(12);
	});

	it('uncounts a delete, skips old seqs and regions outside the view, and asks for a snapshot on a letter', () => {
		const s = snapshot();
		applyWallEvents(s, [event('insert', {}), event('insert', { region: '410102' })]);
		expect(s.periods.today.items).toBe(1);
		applyWallEvents(s, [event('delete', {})]);
		expect(s.periods.today.items).toBe(0);
		expect(applyWallEvents(s, [{ ...event('insert', {}), seq: 3 }]).changed).toBe(false);
		expect(applyWallEvents(s, [event('insert', {}, 'letter')]).refetch).toBe(true);
	});

	it('asks for a snapshot on a 包案 or reception change, and only then', () => {
		const s = snapshot();
		expect(applyWallEvents(s, [event('update', {}, 'lead_case')]).refetch).toBe(true);
		expect(applyWallEvents(s, [event('insert', {}, 'reception')]).refetch).toBe(true);
		expect(applyWallEvents(s, [event('insert', {})]).refetch).toBe(false);
	});

	it('scopes a county view to the county itself', () => {
		const s = snapshot();
		s.region = { adcode: '370102', name: '历下区', level: 'county', center: null };
		s.todayByArea = { '370102': 0 };
		s.monthByArea = { '370102': 0 };
		applyWallEvents(s, [event('insert', {}), event('insert', { region: '370103' })]);
		expect(s.todayByArea).toEqual({ '370102': 1 });
		expect(s.periods.today.items).toBe(1);
	});
});

/** Freezes every object in a value, so any write to it throws (modules are strict). */
function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object') {
		for (const v of Object.values(value)) deepFreeze(v);
		Object.freeze(value);
	}
	return value;
}

describe('nextWallSnapshot', () => {
	it('computes what applyWallEvents does, without writing to the snapshot it is given', () => {
		const mutated = snapshot();
		const frozen = deepFreeze(snapshot());
		const events = [
			event('insert', { id: 1, light: 'yellow', headcount: 6, skipLevel: true }),
			event('insert', { id: 2, region: '370202', light: 'red', clockDue: '2026-11-20' }),
			event('update', { id: 1, light: 'red', clockDue: '2026-11-21', prev: { status: 'handling', region: '370102', receivedAt: '2026-11-25T02:00:00Z', channel: 'online', category: 'labour', headcount: 6, unitId: 7, skipLevel: true, light: 'yellow' } }),
			event('insert', {}, 'letter')
		];
		const expected = applyWallEvents(mutated, events);
		const next = nextWallSnapshot(frozen, events);
		expect(next.snapshot).toEqual(mutated);
		expect({ changed: next.changed, highlights: next.highlights, refetch: next.refetch }).toEqual(expected);
		expect(frozen).toEqual(snapshot());
	});

	it('replaces only the slices the events changed', () => {
		const s = deepFreeze(snapshot());
		// a light change on an item received today: the volume figures stay as they were
		const prev = { status: 'registered', region: '370102', receivedAt: '2026-11-25T02:00:00Z', channel: 'online', category: 'labour', headcount: 1, unitId: 7, light: 'green' };
		const { snapshot: next } = nextWallSnapshot(s, [event('update', { light: 'yellow', prev })]);
		expect(next.lights).toEqual({ ...noLights(), yellow: 1 });
		expect(next.lightsByArea).toEqual({ '370100': { ...noLights(), yellow: 1 } });
		for (const key of ['periods', 'trend', 'todayByArea', 'monthByArea', 'groupsByArea', 'skipByArea', 'overdueUnits', 'overdueItems', 'areas', 'region', 'cases', 'rates', 'letters'] as const) expect(next[key], key).toBe(s[key]);
		// a new item: today's bucket, this week's and month's change; yesterday's and last year's do not
		const { snapshot: after } = nextWallSnapshot(next, [event('insert', { id: 2 })]);
		expect(after.periods.today.items).toBe(1);
		for (const key of ['yesterday', 'todayLastYear', 'lastWeek', 'weekLastYear', 'lastMonth', 'monthLastYear'] as const) expect(after.periods[key], key).toBe(next.periods[key]);
		expect(after.trend[0]).toBe(next.trend[0]);
		expect(after.trend.at(-1)).not.toBe(next.trend.at(-1));
		expect(after.lights).toBe(next.lights);
		expect(after.groupsByArea).toBe(next.groupsByArea);
	});

	it('gives back the same snapshot when every event was already applied', () => {
		const s = deepFreeze(snapshot());
		const r = nextWallSnapshot(s, [{ ...event('insert', {}), seq: 5 }]);
		expect(r.snapshot).toBe(s);
		expect(r.changed).toBe(false);
	});
});
