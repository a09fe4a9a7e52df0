import { describe, expect, it } from 'vitest';
import { computeRates, evaluationInstant, factsUntil, leagueTable, rate, rateInput, ratesByKind, tallyMemo, type RateItem } from './rates.ts';
import { config, facts, t, type Short } from './spec-support.ts';
import type { Channel, Satisfaction, UnitKind } from './vocabulary.ts';

/**
 * A small fixture for March 2026, judged on 15 April (so as of 24:00 on 31 March).
 * Units: 1 县委组织部 (党委), 2 县人社局 (行政), 3 县住建局 (行政).
 */
type Extra = { unit?: 1 | 2 | 3; channel?: Channel; repeat?: boolean; repeatedLater?: boolean; satisfaction?: Satisfaction };
const unitInfo: Record<number, [string, UnitKind]> = { 1: ['县委组织部', 'party'], 2: ['县人社局', 'government'], 3: ['县住建局', 'government'] };
const item = (id: string, s: Short, x: Extra = {}): RateItem => ({
	...facts(s),
	id,
	unitId: x.unit ?? null,
	unitName: x.unit ? unitInfo[x.unit][0] : undefined,
	unitKind: x.unit ? unitInfo[x.unit][1] : null,
	channel: x.channel ?? 'letter',
	isRepeat: x.repeat ?? false,
	repeatedLater: x.repeatedLater ?? false,
	satisfaction: x.satisfaction ?? null
});

const fixture: RateItem[] = [
	// acceptance: 15 days from routing
	item('a1', { received: '2026-02-20', routed: '2026-02-25', accepted: '2026-03-10' }, { unit: 2 }), // due 03-12: on time
	item('a2', { received: '2026-02-20', routed: '2026-02-20', accepted: '2026-03-09' }, { unit: 2 }), // due 03-07: late
	item('a3', { received: '2026-03-01', routed: '2026-03-02', rejected: '2026-03-16' }, { unit: 1, channel: 'online' }), // due 03-17: notice on time
	item('a4', { received: '2026-03-05', routed: '2026-03-10', accepted: '2026-04-05' }, { unit: 1, channel: 'visit' }), // due 03-25: open and overdue at 31 March
	item('a5', { received: '2026-03-20', routed: '2026-03-25' }, { unit: 2, channel: 'online', repeat: true }), // due 04-09: not yet due
	item('a6', { received: '2026-01-05', routed: '2026-01-10' }, { unit: 2 }), // due 01-25: overdue before March, counted then
	item('a7', { received: '2026-02-25', routed: '2026-03-01', accepted: '2026-03-05' }, { unit: 2 }), // due 03-16: on time
	// conclusion: 60 days from acceptance
	item('c1', { received: '2025-12-25', routed: '2025-12-28', accepted: '2026-01-05', concluded: '2026-03-05' }, { unit: 2, satisfaction: 'satisfied' }), // due 03-06: on time
	item('c2', { received: '2025-12-20', routed: '2025-12-22', accepted: '2025-12-30', concluded: '2026-03-02', review: ['2026-03-20'] }, { unit: 2, satisfaction: 'unsatisfied' }), // due 02-28: late
	item('c3', { received: '2025-12-28', routed: '2025-12-29', accepted: '2026-01-10', concluded: '2026-03-11 17:00' }, { unit: 1, satisfaction: 'basic', repeat: true }), // due 03-11: on the day
	item('c4', { received: '2026-01-02', routed: '2026-01-03', accepted: '2026-01-15' }, { unit: 1 }), // due 03-16: open and overdue
	item('c5', { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-20', ext: [[30, '2026-03-01']] }, { unit: 2 }), // due 04-20 after extension
	item('c6', { received: '2025-11-20', routed: '2025-11-25', accepted: '2025-12-01' }, { unit: 2 }), // due 01-30: overdue before March
	item('c7', { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-08', concluded: '2026-03-08' }, { unit: 1, repeatedLater: true }), // due 03-09: on time, not evaluated
	item('c8', { received: '2026-01-19', routed: '2026-01-20', accepted: '2026-01-25', concluded: '2026-04-03' }, { unit: 2 }), // due 03-26: concluded after March → overdue at 31 March
	// received in March for the shares
	item('r1', { received: '2026-03-15' }, { unit: 3, repeat: true }),
	item('r2', { received: '2026-03-31 23:00' }, { channel: 'online' }), // no unit yet
	item('r3', { received: '2026-04-01 00:00' }, { channel: 'online' }), // April
	item('d1', { received: '2026-03-03', track: 'litigation', diverted: '2026-03-04' }, { unit: 2, channel: 'visit' })
];

const march = { from: '2026-03-01', to: '2026-03-31' };
const now = t('2026-04-15 10:00');
const cfg = config();
const r = (numerator: number, denominator: number) => rate(numerator, denominator);

describe('rates against hand-computed figures (March 2026)', () => {
	it('are judged at 24:00 on the last day, or now if earlier', () => {
		expect(evaluationInstant(march, now).toISOString()).toBe('2026-03-31T16:00:00.000Z');
		expect(evaluationInstant(march, t('2026-03-20 10:00')).toISOString()).toBe(t('2026-03-20 10:00').toISOString());
	});

	it('overall', () => {
		expect(computeRates(fixture, march, now, cfg)).toEqual({
			received: 6, // a3 a4 a5 r1 r2 d1
			timelyAcceptance: r(3, 5), // a1 a3 a7 of a1 a2 a3 a7 + a4 (open, overdue)
			onTimeConclusion: r(3, 6), // c1 c3 c7 of c1 c2 c3 c7 + c4 c8 (open at 31 March, overdue)
			satisfaction: r(2, 3), // c1 满意, c3 基本满意 of c1 c2 c3
			participation: r(3, 4), // c1 c2 c3 evaluated of c1 c2 c3 c7
			onlineShare: r(3, 6), // a3 a5 r2
			repeatRate: r(2, 6), // a5 r1
			firstTimeResolution: r(1, 3) // c1 of c1 c2 (复查) c7 (repeated later); c3 is a repeat
		});
	});

	it('split 党委 / 行政', () => {
		const split = ratesByKind(fixture, march, now, cfg);
		expect(split.party).toEqual({
			received: 2, // a3 a4
			timelyAcceptance: r(1, 2), // a3 of a3 a4
			onTimeConclusion: r(2, 3), // c3 c7 of c3 c4 c7
			satisfaction: r(1, 1),
			participation: r(1, 2),
			onlineShare: r(1, 2),
			repeatRate: r(0, 2),
			firstTimeResolution: r(0, 1) // c7 was repeated later
		});
		expect(split.government).toEqual({
			received: 3, // a5 r1 d1
			timelyAcceptance: r(2, 3), // a1 a7 of a1 a2 a7
			onTimeConclusion: r(1, 3), // c1 of c1 c2 c8
			satisfaction: r(1, 2),
			participation: r(2, 2),
			onlineShare: r(1, 3),
			repeatRate: r(2, 3),
			firstTimeResolution: r(1, 2)
		});
		expect(split.all).toEqual(computeRates(fixture, march, now, cfg));
	});

	it('judged mid-period, only what has happened counts', () => {
		const early = computeRates(fixture, march, t('2026-03-10 12:00'), cfg);
		// at 10 March 12:00: a2 accepted late (03-09), a7 on time (03-05), a1 accepted 10 March 09:00 on time
		expect(early.timelyAcceptance).toEqual(r(2, 3));
		// c1 (03-05) and c7 (03-08) on time, c2 late (03-02); c3 not yet (due 03-11)
		expect(early.onTimeConclusion).toEqual(r(2, 3));
		expect(early.received).toBe(3); // a3 a4 d1
	});

	it('are null, never NaN, when nothing is due', () => {
		const empty = computeRates([], march, now, cfg);
		for (const [name, value] of Object.entries(empty)) {
			if (name === 'received') expect(value).toBe(0);
			else expect(value).toEqual({ numerator: 0, denominator: 0, value: null });
		}
		expect(JSON.stringify(empty)).not.toContain('NaN');
	});

	it('count online channels as the rules say', () => {
		expect(computeRates(fixture, march, now, config({ onlineChannels: ['online', 'visit'] })).onlineShare).toEqual(r(5, 6));
	});
});

describe('league tables rank only units with enough volume', () => {
	it('ranks by a rate and lists small units apart with their volume', () => {
		const table = leagueTable(fixture, march, now, config({ minLeagueVolume: 3 }));
		expect(table.ranked.map((u) => [u.rank, u.unitName, u.rate.numerator, u.volume])).toEqual([
			[1, '县委组织部', 2, 3],
			[2, '县人社局', 1, 3]
		]);
		expect(table.belowMinimum.map((u) => [u.unitName, u.volume, u.rate.value])).toEqual([['县住建局', 0, null]]);
	});

	it('by another rate, with a unit under the minimum', () => {
		const table = leagueTable(fixture, march, now, config({ minLeagueVolume: 3 }), 'timelyAcceptance');
		expect(table.ranked.map((u) => [u.rank, u.unitName, u.volume])).toEqual([[1, '县人社局', 3]]);
		expect(table.belowMinimum.map((u) => [u.unitName, u.volume])).toEqual([
			['县委组织部', 2],
			['县住建局', 0]
		]);
	});

	it('shares ranks on equal values (1, 1, 3) and breaks ties in order by volume', () => {
		const onTime = (id: string, unit: 1 | 2 | 3, concluded: string) =>
			item(id, { received: '2026-01-01', routed: '2026-01-02', accepted: '2026-01-05', concluded }, { unit });
		const items = [onTime('x1', 1, '2026-03-01'), onTime('x2', 2, '2026-03-01'), onTime('x3', 2, '2026-03-02'), onTime('x4', 3, '2026-03-20')];
		const table = leagueTable(items, march, now, config({ minLeagueVolume: 1 }));
		expect(table.ranked.map((u) => [u.rank, u.unitId, u.rate.value, u.volume])).toEqual([
			[1, 2, 1, 2],
			[1, 1, 1, 1],
			[3, 3, 0, 1]
		]);
	});
});

describe('rate inputs: what an item adds, day by day, once its facts are all in', () => {
	const byId = (id: string) => fixture.find((i) => i.id === id)!;
	const input = (it: RateItem) => rateInput(it, cfg);

	it('ended clocks on the day they ended, judged on time or late; open ones by their due date', () => {
		expect(input(byId('a1'))).toMatchObject({ receivedDay: '2026-02-20', acceptDay: '2026-03-10', acceptOnTime: true, acceptOpenDue: null, concludeOpenDue: '2026-05-09', live: false });
		expect(input(byId('a2'))).toMatchObject({ acceptDay: '2026-03-09', acceptOnTime: false });
		expect(input(byId('a5'))).toMatchObject({ acceptDay: null, acceptOpenDue: '2026-04-09', online: true, isRepeat: true });
		expect(input(byId('c5'))).toMatchObject({ concludeDay: null, concludeOpenDue: '2026-04-20' });
		expect(input(byId('c3'))).toMatchObject({ concludedDay: '2026-03-11', concludeDay: '2026-03-11', concludeOnTime: true, evaluated: true, content: true, firstTime: false, resolved: false });
	});

	it('一次性化解 is undone by a 复查 request or a later repeat', () => {
		expect(input(byId('c1'))).toMatchObject({ firstTime: true, resolved: true });
		expect(input(byId('c2'))).toMatchObject({ firstTime: true, resolved: false, evaluated: true, content: false });
		expect(input(byId('c7'))).toMatchObject({ firstTime: true, resolved: false, evaluated: false });
	});

	it('an item diverted at registration runs no clock', () => {
		expect(input(byId('d1'))).toMatchObject({ acceptDay: null, acceptOpenDue: null, concludeDay: null, concludeOpenDue: null, live: false });
	});

	it('is live (read row by row) with an open pause, or a day outside the year after receipt', () => {
		const paused = item('p1', { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-08', pauses: [['2026-02-01', null]] }, { unit: 2 });
		expect(input(paused).live).toBe(true);
		const slow = item('s1', { received: '2025-01-02', routed: '2025-01-03', accepted: '2025-01-05', concluded: '2026-03-10' }, { unit: 2 });
		expect(input(slow)).toMatchObject({ concludedDay: '2026-03-10', live: true });
		expect(input(byId('c1')).live).toBe(false);
	});

	it('read at or after its last fact, adds exactly what the row-by-row count adds (every fixture item)', () => {
		for (const it of fixture) {
			const x = input(it);
			expect(x.factsUntil).toEqual(factsUntil(it));
			if (x.live) continue;
			// one day at a time: the counts of a period of one day are what the inputs put on it
			for (const day of [x.receivedDay, x.concludedDay, x.acceptDay, x.concludeDay].filter((d): d is string => d !== null)) {
				const period = { from: day, to: day };
				const t1 = tallyMemo(period, new Date(Math.max(x.factsUntil.getTime(), t('2026-06-30 10:00').getTime())), cfg)(it);
				expect({ id: it.id, day, received: t1.received, concluded: t1.concluded, acceptDue: t1.acceptDue, acceptOnTime: t1.acceptOnTime, concludeDue: t1.concludeDue, concludeOnTime: t1.concludeOnTime }).toEqual({
					id: it.id,
					day,
					received: +(x.receivedDay === day),
					concluded: +(x.concludedDay === day),
					acceptDue: +(x.acceptDay === day),
					acceptOnTime: +(x.acceptDay === day && x.acceptOnTime),
					concludeDue: +(x.concludeDay === day),
					concludeOnTime: +(x.concludeDay === day && x.concludeOnTime)
				});
			}
		}
	});
});
