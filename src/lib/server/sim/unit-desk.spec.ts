import { describe, expect, it } from 'vitest';
import { dateRange, periodEnd, type HolidayCalendar } from '../../domain/calendar.ts';
import type { Config } from '../../domain/clocks.ts';
import { addDays, daysBetween } from '../../domain/deadlines.ts';
import { DEFAULT_RULES } from '../../domain/rules.ts';
import { NOTICES_2025_2026 } from '../../domain/spec-support.ts';
import { dueSoon, type Stage } from './unit-desk.ts';

const STAGE: Stage = { stage: '临期', received: 62, routed: 61, accepted: 59 };
const config = (calendar: HolidayCalendar): Config => ({ rules: DEFAULT_RULES, calendar });
/** how many days after `today` the stage's 办结 falls due, as the clocks count it */
const ahead = (s: Stage, today: string, c: Config) => daysBetween(today, periodEnd(addDays(today, -s.accepted!), c.rules.limits.conclude.days, c.calendar));

describe('the demo desk’s 临期 items fall due within the yellow days whatever the calendar', () => {
	it('on an ordinary day: due tomorrow and the day after (accepted 59 and 58 days ago)', () => {
		const c = config(NOTICES_2025_2026);
		expect(dueSoon(STAGE, '2026-12-07', 1, c)).toEqual({ stage: '临期', received: 62, routed: 61, accepted: 59 });
		expect(dueSoon(STAGE, '2026-12-07', 2, c)).toMatchObject({ accepted: 58 });
	});

	it('before 春节 2027 (the law’s days, no notice stored): a due date in the block moves to 02-09, still yellow on 02-04', () => {
		const c = config(NOTICES_2025_2026);
		for (const today of dateRange('2027-01-28', '2027-02-10')) {
			const s = dueSoon(STAGE, today, 1, c);
			expect(ahead(s, today, c), today).toBeGreaterThanOrEqual(0);
			expect(ahead(s, today, c), today).toBeLessThanOrEqual(DEFAULT_RULES.yellowDays);
			expect(s.received > s.routed! && s.routed > s.accepted!, today).toBe(true);
		}
	});

	it('with a block longer than the yellow days stored (02-05…02-13): due today where a fixed 59 days ago would be green', () => {
		const c = config([...NOTICES_2025_2026, { year: 2027, verified: true, source: 'test', holidays: dateRange('2027-02-05', '2027-02-13'), workdays: [] }]);
		expect(ahead(STAGE, '2027-02-04', c)).toBe(10); // the fixed offset: due 02-05, moved to 02-14
		const chosen = dueSoon(STAGE, '2027-02-04', 1, c);
		expect(ahead(chosen, '2027-02-04', c)).toBe(0); // 今日到期
		expect(chosen).toMatchObject({ accepted: 60 });
		// inside the block no due date can be near: the stage stays as it was
		expect(dueSoon(STAGE, '2027-02-08', 1, c)).toBe(STAGE);
	});
});
