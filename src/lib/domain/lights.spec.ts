import { describe, expect, it } from 'vitest';
import { currentClock, noClock, type Clock } from './clocks.ts';
import { addDays } from './deadlines.ts';
import { itemLight, lightOf, nextMidnight, nextTransition, type Light } from './lights.ts';
import { DEFAULT_RULES } from './rules.ts';
import { config, facts, t } from './spec-support.ts';

const cfg = config();
const routeDue18March = currentClock(facts({ received: '2026-03-03' }), t('2026-03-04'), cfg); // due 2026-03-18

describe('lightOf', () => {
	it('labels each light in Chinese, with the days overdue', () => {
		const at = (now: string) => lightOf(routeDue18March, t(now), DEFAULT_RULES);
		expect(at('2026-03-04')).toEqual({ light: 'green', label: '正常', daysLeft: 14, daysOverdue: 0 });
		expect(at('2026-03-15')).toEqual({ light: 'yellow', label: '临期', daysLeft: 3, daysOverdue: 0 });
		expect(at('2026-03-18')).toEqual({ light: 'due_today', label: '今日到期', daysLeft: 0, daysOverdue: 0 });
		expect(at('2026-03-21')).toEqual({ light: 'red', label: '逾期 3 天', daysLeft: -3, daysOverdue: 3 });
		expect(lightOf(noClock('已终结'), t('2026-03-21'), DEFAULT_RULES)).toEqual({ light: 'none', label: '无计时', daysLeft: null, daysOverdue: 0 });
	});

	it('follows the yellow threshold of the rules', () => {
		expect(lightOf(routeDue18March, t('2026-03-08'), { yellowDays: 10 }).light).toBe('yellow');
		expect(lightOf(routeDue18March, t('2026-03-08'), { yellowDays: 9 }).light).toBe('green');
	});
});

describe('nextTransition: the instant the light changes (local midnight, Asia/Shanghai)', () => {
	const rows: [now: string, light: Light, next: string | null][] = [
		['2026-03-04 10:00', 'green', '2026-03-12T16:00:00.000Z'], // yellow from 00:00 on 13 March
		['2026-03-12 23:59', 'green', '2026-03-12T16:00:00.000Z'],
		['2026-03-13 00:00', 'yellow', '2026-03-17T16:00:00.000Z'], // due today from 00:00 on 18 March
		['2026-03-18 00:00', 'due_today', '2026-03-18T16:00:00.000Z'], // red at 24:00 on 18 March
		['2026-03-18 23:59', 'due_today', '2026-03-18T16:00:00.000Z'],
		['2026-03-19 00:00', 'red', null] // red stays red without a write
	];
	it.each(rows)('at %s (%s) → %s', (now, light, next) => {
		expect(lightOf(routeDue18March, t(now), DEFAULT_RULES).light).toBe(light);
		expect(nextTransition(routeDue18March, t(now), DEFAULT_RULES)?.toISOString() ?? null).toBe(next);
	});

	it('skips yellow when yellowDays is 0', () => {
		expect(nextTransition(routeDue18March, t('2026-03-10'), { yellowDays: 0 })?.toISOString()).toBe('2026-03-17T16:00:00.000Z');
	});

	it('is null without a running clock or while paused', () => {
		expect(nextTransition(noClock('已终结'), t('2026-03-10'), DEFAULT_RULES)).toBeNull();
		const paused: Clock = { ...routeDue18March, paused: true };
		expect(lightOf(paused, t('2026-03-10'), DEFAULT_RULES).light).toBe('paused');
		expect(nextTransition(paused, t('2026-03-10'), DEFAULT_RULES)).toBeNull();
	});

	it('closes a petitioner’s window at 24:00 of its last day (no red for a lapsed request)', () => {
		const window = currentClock(facts({ received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10' }), t('2026-04-09'), cfg);
		expect(window.kind).toBe('review-request');
		expect(nextTransition(window, t('2026-04-09 12:00'), DEFAULT_RULES)?.toISOString()).toBe('2026-04-09T16:00:00.000Z');
		expect(lightOf(window, t('2026-04-10 00:00'), DEFAULT_RULES).light).toBe('none');
	});

	it('agrees with lightOf: the light holds until the transition and changes at it', () => {
		// every due date in a year against many instants: a sweeper scheduling nextTransition sees every change
		let checked = 0;
		for (let due = '2026-01-01'; due <= '2026-12-31'; due = addDays(due, 7)) {
			const clock: Clock = { ...routeDue18March, due };
			for (const offset of [-20, -6, -5, -1, 0, 1]) {
				for (const time of ['00:00', '07:30', '23:59']) {
					const now = t(`${addDays(due, offset)} ${time}`);
					const next = nextTransition(clock, now, DEFAULT_RULES);
					const before = lightOf(clock, now, DEFAULT_RULES).light;
					if (!next) {
						expect(before).toBe('red');
						continue;
					}
					expect(next.getTime()).toBeGreaterThan(now.getTime());
					expect(lightOf(clock, new Date(next.getTime() - 1), DEFAULT_RULES).light).toBe(before);
					expect(lightOf(clock, next, DEFAULT_RULES).light).not.toBe(before);
					checked++;
				}
			}
		}
		expect(checked).toBeGreaterThan(700);
	});

	it('nextMidnight is the next local day', () => {
		expect(nextMidnight(t('2026-03-18 23:59')).toISOString()).toBe('2026-03-18T16:00:00.000Z');
		expect(nextMidnight(t('2026-03-19 00:00')).toISOString()).toBe('2026-03-19T16:00:00.000Z');
	});
});

describe('itemLight: one call for the wall and the sweeper', () => {
	it('gives the clock, its light and when to look again', () => {
		const result = itemLight(facts({ received: '2026-09-16' }), t('2026-10-02 15:00'), cfg); // 1 Oct in 国庆 → due 8 Oct
		expect(result.clock).toMatchObject({ kind: 'route', due: '2026-10-08' });
		expect(result.light).toEqual({ light: 'green', label: '正常', daysLeft: 6, daysOverdue: 0 });
		expect(result.next?.toISOString()).toBe('2026-10-02T16:00:00.000Z'); // yellow from 00:00 on 3 Oct
		const closed = itemLight(facts({ received: '2026-09-16', status: 'closed' }), t('2026-10-02 15:00'), cfg);
		expect([closed.clock.kind, closed.light.light, closed.next]).toEqual(['none', 'none', null]);
	});
});
