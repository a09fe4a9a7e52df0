import { describe, expect, it } from 'vitest';
import { addDays, dayOfWeek, localDate, startOfLocalDay } from '../../domain/deadlines.ts';
import { statutoryDays } from '../../domain/holidays.ts';
import { createRandom } from './random.ts';
import * as shape from './shape.ts';
import { monthsBefore, planDays } from './window.ts';

const share = <K>(table: { keys: readonly K[]; cumulative: Float64Array; total: number }, key: K) => {
	const i = table.keys.indexOf(key);
	return (table.cumulative[i] - (i > 0 ? table.cumulative[i - 1] : 0)) / table.total;
};

describe('weekday rhythm and season', () => {
	it('peaks on Monday and drops at weekends', () => {
		// 2026-11-23 is a Monday
		const week = Array.from({ length: 7 }, (_, i) => shape.dayVolumeWeight(addDays('2026-11-23', i)));
		expect(Math.max(...week)).toBe(week[0]);
		for (const weekday of week.slice(0, 5)) expect(weekday).toBeGreaterThan(2 * Math.max(week[5], week[6]));
	});

	it('is quiet over 春节 and 国庆, and the seasonal wave is gentle', () => {
		expect(shape.dayVolumeWeight('2026-02-18')).toBeLessThan(0.5 * shape.dayVolumeWeight('2026-03-04'));
		expect(shape.dayVolumeWeight('2026-10-02')).toBeLessThan(0.6 * shape.dayVolumeWeight('2026-10-16'));
		const mondays = Array.from({ length: 52 }, (_, i) => addDays('2025-03-03', 7 * i)).filter((d) => shape.daysToSpringFestival(d)! > 10);
		const weights = mondays.map(shape.dayVolumeWeight).filter((w) => w > 1); // leave out holiday Mondays
		expect(Math.max(...weights) / Math.min(...weights)).toBeLessThan(1.15);
	});

	it('knows 春节 for the years a demo can cover', () => {
		expect(shape.daysToSpringFestival('2026-02-17')).toBe(0);
		expect(shape.daysToSpringFestival('2026-02-01')).toBe(16);
		expect(shape.daysToSpringFestival('2026-11-23')).toBe(75); // 2027-02-06
		// the hand-kept table agrees with the lunar calendar (正月初一: the 春节 holiday's second day, after 除夕)
		for (let y = 2020; y <= 2035; y++) expect(shape.SPRING_FESTIVAL[y], String(y)).toBe(statutoryDays(y).filter((d) => d.name === '春节')[1].date);
		expect(Object.keys(shape.SPRING_FESTIVAL)).toHaveLength(16);
	});
});

describe('mixes', () => {
	it('the online share climbs from about 45 % to about 60 % of a month', () => {
		const monthShare = (progress: number) => {
			const weekday = share(shape.channelTable(progress, false), 'online');
			const weekend = share(shape.channelTable(progress, true), 'online');
			const [wd, we] = [5 * shape.WEEKDAY_FACTOR[2], shape.WEEKDAY_FACTOR[0] + shape.WEEKDAY_FACTOR[6]];
			return (wd * weekday + we * weekend) / (wd + we);
		};
		expect(monthShare(0)).toBeGreaterThan(0.42);
		expect(monthShare(0)).toBeLessThan(0.48);
		expect(monthShare(1)).toBeGreaterThan(0.57);
		expect(monthShare(1)).toBeLessThan(0.63);
		expect(share(shape.channelTable(0.5, true), 'visit')).toBeLessThan(share(shape.channelTable(0.5, false), 'visit') / 3);
	});

	it('land, labour and housing lead; 欠薪 climbs before 春节', () => {
		const summer = shape.categoryTable('2026-07-15');
		const top = [...summer.keys].sort((a, b) => share(summer, b) - share(summer, a)).slice(0, 3);
		expect(new Set(top)).toEqual(new Set(['housing', 'labour', 'land']));
		const beforeFestival = shape.categoryTable('2026-02-10');
		expect(share(beforeFestival, 'labour')).toBeGreaterThan(1.8 * share(summer, 'labour'));
		expect(shape.labourFactor('2025-11-01')).toBe(1);
		expect(shape.labourFactor('2026-02-16')).toBeCloseTo(2.5, 5);
	});

	it('group matters are 5 or more people, mostly by visit; others are fewer than 5', () => {
		const rng = createRandom('headcount');
		for (let i = 0; i < 5000; i++) {
			expect(shape.headcount(rng, true)).toBeGreaterThanOrEqual(5);
			expect(shape.headcount(rng, false)).toBeLessThan(5);
		}
		const { visit, ...others } = shape.GROUP_PROBABILITY;
		expect(visit).toBeGreaterThan(Math.max(...Object.values(others)) * 3);
	});

	it('越级 is mostly by visit and twice as likely on the same matter again', () => {
		expect(shape.skipLevelProbability('visit', false, '2026-05-10')).toBeGreaterThan(5 * shape.skipLevelProbability('online', false, '2026-05-10'));
		expect(shape.skipLevelProbability('visit', true, '2026-05-10')).toBeCloseTo(2 * shape.skipLevelProbability('visit', false, '2026-05-10'));
		expect(shape.skipLevelProbability('phone', true, '2026-03-05')).toBe(0);
	});

	it('repeat share ramps to 15–20 %', () => {
		expect(shape.repeatProbability(0)).toBe(0);
		expect(shape.repeatProbability(100)).toBeGreaterThanOrEqual(0.15);
		expect(shape.repeatProbability(100)).toBeLessThanOrEqual(0.2);
	});

	it('bigger cities get more than small ones', () => {
		const counties = [
			...['370102', '370103'].map((adcode) => ({ adcode, parent: '370100' })),
			...['370502', '370503'].map((adcode) => ({ adcode, parent: '370500' }))
		];
		const w = shape.countyWeights(counties, createRandom('w'));
		expect(w.get('370102')! + w.get('370103')!).toBeGreaterThan(2 * (w.get('370502')! + w.get('370503')!));
	});

	it('offline channels arrive in office hours', () => {
		const rng = createRandom('hours');
		for (let i = 0; i < 2000; i++) {
			const s = shape.arrivalSecond(rng, 'visit');
			expect((s >= 8.5 * 3600 && s < 12 * 3600) || (s >= 13.5 * 3600 && s < 17.5 * 3600)).toBe(true);
			expect(shape.arrivalSecond(rng, 'online')).toBeLessThan(86_400);
		}
	});
});

describe('the window', () => {
	it('starts exactly `months` calendar months before now, clamped at month ends', () => {
		expect(monthsBefore(new Date('2026-03-15T10:00:00+08:00'), 6).toISOString()).toBe(new Date('2025-09-15T10:00:00+08:00').toISOString());
		expect(monthsBefore(new Date('2026-08-31T23:30:00+08:00'), 6).toISOString()).toBe(new Date('2026-02-28T23:30:00+08:00').toISOString());
		expect(monthsBefore(new Date('2024-08-31T00:10:00+08:00'), 6).toISOString()).toBe(new Date('2024-02-29T00:10:00+08:00').toISOString());
	});

	it('splits exactly the requested total over the days, with Monday ahead of Sunday', () => {
		const now = new Date('2026-03-15T10:00:00+08:00');
		const days = planDays(now, 6, 50_000, createRandom('days'));
		expect(days.reduce((a, d) => a + d.count, 0)).toBe(50_000);
		expect(days[0].date).toBe('2025-09-15');
		expect(days.at(-1)!.date).toBe(localDate(now));
		expect(days[0].from).toBe(monthsBefore(now, 6).getTime());
		expect(days.at(-1)!.to).toBe(now.getTime());
		const byDow = [0, 0, 0, 0, 0, 0, 0];
		for (const d of days) byDow[dayOfWeek(d.date)] += d.count;
		expect(byDow[1]).toBeGreaterThan(byDow[4]);
		expect(byDow[4]).toBeGreaterThan(3 * byDow[0]);
		expect(days.every((d) => d.from >= startOfLocalDay(d.date).getTime() && d.to <= startOfLocalDay(addDays(d.date, 1)).getTime())).toBe(true);
	});
});
