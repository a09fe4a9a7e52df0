import { Lunar } from 'lunar-typescript';
import { describe, expect, it } from 'vitest';
import { isStatutoryDay, statutoryDays, statutoryName } from './holidays.ts';

/** By hand from the published lunar calendars (万年历), not from the code under test. */
const byHand: Record<number, [name: string, dates: string[]][]> = {
	2027: [['元旦', ['2027-01-01']], ['春节', ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']], ['清明节', ['2027-04-05']], ['劳动节', ['2027-05-01', '2027-05-02']], ['端午节', ['2027-06-09']], ['中秋节', ['2027-09-15']], ['国庆节', ['2027-10-01', '2027-10-02', '2027-10-03']]],
	2028: [['元旦', ['2028-01-01']], ['春节', ['2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28']], ['清明节', ['2028-04-04']], ['劳动节', ['2028-05-01', '2028-05-02']], ['端午节', ['2028-05-28']], ['中秋节', ['2028-10-03']], ['国庆节', ['2028-10-01', '2028-10-02', '2028-10-03']]],
	2029: [['元旦', ['2029-01-01']], ['春节', ['2029-02-12', '2029-02-13', '2029-02-14', '2029-02-15']], ['清明节', ['2029-04-04']], ['劳动节', ['2029-05-01', '2029-05-02']], ['端午节', ['2029-06-16']], ['中秋节', ['2029-09-22']], ['国庆节', ['2029-10-01', '2029-10-02', '2029-10-03']]],
	2030: [['元旦', ['2030-01-01']], ['春节', ['2030-02-02', '2030-02-03', '2030-02-04', '2030-02-05']], ['清明节', ['2030-04-05']], ['劳动节', ['2030-05-01', '2030-05-02']], ['端午节', ['2030-06-05']], ['中秋节', ['2030-09-12']], ['国庆节', ['2030-10-01', '2030-10-02', '2030-10-03']]]
};

describe('statutory days of the 全国年节及纪念日放假办法 (2025), from the lunar calendar', () => {
	for (const [year, holidays] of Object.entries(byHand)) {
		it(`${year}: all 13 days, each with its holiday`, () => {
			const expected = holidays.flatMap(([name, dates]) => dates.map((date) => ({ date, name })));
			const sort = (a: { date: string; name: string }, b: { date: string; name: string }) => (a.date + a.name).localeCompare(b.date + b.name);
			expect([...statutoryDays(Number(year))].sort(sort)).toEqual(expected.sort(sort));
		});
	}

	it('除夕 checked against the package directly: 正月初一 less one day', () => {
		const eve = (y: number) => Lunar.fromYmd(y, 1, 1).getSolar().next(-1).toYmd();
		expect([2027, 2028, 2029, 2030].map(eve)).toEqual(['2027-02-05', '2028-01-25', '2029-02-12', '2030-02-02']);
		for (const y of [2027, 2028, 2029, 2030]) expect(statutoryDays(y).find((d) => d.name === '春节')?.date).toBe(eve(y));
	});

	it('agrees with the State Council notices of 2025 and 2026 on the statutory days', () => {
		expect(statutoryDays(2025).map((d) => d.date)).toEqual(['2025-01-01', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-04-04', '2025-05-01', '2025-05-02', '2025-05-31', '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06']);
		expect(statutoryDays(2026).filter((d) => ['清明节', '端午节', '中秋节'].includes(d.name)).map((d) => d.date)).toEqual(['2026-04-05', '2026-06-19', '2026-09-25']);
	});

	it('2028: 中秋 falls on 国庆 10/3 — both listed, one date', () => {
		expect(statutoryDays(2028).filter((d) => d.date === '2028-10-03').map((d) => d.name).sort()).toEqual(['中秋节', '国庆节']);
		expect(new Set(statutoryDays(2028).map((d) => d.date)).size).toBe(12);
	});

	it('answers by date, and an ordinary day is none', () => {
		expect(isStatutoryDay('2027-02-08')).toBe(true);
		expect(isStatutoryDay('2027-02-09')).toBe(false);
		expect(isStatutoryDay('2027-01-02')).toBe(false);
		expect(statutoryName('2029-06-16')).toBe('端午节');
		expect(statutoryName('2029-06-17')).toBeNull();
	});

	it('computes a year once: the second call is the cached list', () => {
		expect(statutoryDays(2031)).toBe(statutoryDays(2031));
		expect(statutoryDays(1800)).toEqual([]);
	});
});
