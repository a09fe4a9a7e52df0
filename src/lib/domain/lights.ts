/**
 * The lights of a clock (临期提示 / 到期催办 / 逾期问效), and the instant each next changes so a
 * sweeper can schedule the change instead of polling. Days turn at local midnight
 * (Asia/Shanghai); a due date is in time until 24:00 of that day.
 */
import { currentClock, type Clock, type Config, type ItemFacts } from './clocks.ts';
import { addDays, daysBetween, localDate, startOfLocalDay } from './deadlines.ts';
import type { Rules } from './rules.ts';

export const lightLabels = {
	green: '正常',
	yellow: '临期',
	due_today: '今日到期',
	red: '逾期',
	paused: '中止计时',
	none: '无计时'
} as const;
export type Light = keyof typeof lightLabels;

/** A clock's light at an instant. JSON-safe. */
export type LightState = {
	light: Light;
	label: string;
	/** Days from today to the due date (0 on the day, negative once overdue); null without a running clock. */
	daysLeft: number | null;
	daysOverdue: number;
	/** An open pause past the rules' maximum (maxPauseDays). */
	pauseOver?: boolean;
};

const state = (light: Light, daysLeft: number | null = null): LightState => ({
	light,
	label: light === 'red' && daysLeft !== null ? `逾期 ${-daysLeft} 天` : lightLabels[light],
	daysLeft,
	daysOverdue: light === 'red' && daysLeft !== null ? -daysLeft : 0
});

/**
 * green → yellow (≤ yellowDays left) → due_today → red. A petitioner's request window that has
 * passed is not overdue (nobody failed): it shows none, as currentClock stops it.
 */
export function lightOf(clock: Clock, now: Date, rules: Pick<Rules, 'yellowDays'>): LightState {
	if (clock.kind === 'none' || !clock.due) return state('none');
	if (clock.paused) {
		// an open pause has a light of its own: its age, and past the rules' maximum a warning
		const p = clock.pause;
		if (!p) return state('paused');
		return { ...state('paused'), label: p.over ? `中止超期（已 ${p.ageDays} 天，上限 ${p.maxDays} 天）` : `中止计时（已 ${p.ageDays} 天）`, pauseOver: p.over };
	}
	const left = daysBetween(localDate(now), clock.due);
	if (left < 0) return clock.owner === 'petitioner' ? state('none') : state('red', left);
	if (left === 0) return state('due_today', 0);
	return left <= rules.yellowDays ? state('yellow', left) : state('green', left);
}

/**
 * The instant the light next changes colour, or null when only a write can change it (no clock,
 * paused, or red — red stays red; its day count turns at every local midnight, see nextMidnight).
 */
export function nextTransition(clock: Clock, now: Date, rules: Pick<Rules, 'yellowDays'>): Date | null {
	const { light } = lightOf(clock, now, rules);
	if (!clock.due) return null;
	switch (light) {
		case 'green':
			return startOfLocalDay(addDays(clock.due, rules.yellowDays > 0 ? -rules.yellowDays : 0));
		case 'yellow':
			return startOfLocalDay(clock.due);
		case 'due_today':
			return startOfLocalDay(addDays(clock.due, 1)); // 24:00 of the due date
		default:
			return null;
	}
}

/** The next local midnight after `now` (when a red light's day count goes up). */
export const nextMidnight = (now: Date): Date => startOfLocalDay(addDays(localDate(now), 1));

/**
 * What the wall and the sweeper need of one item at `now`: the running clock, its light, and
 * when to look again (null: only a write can change it). The petitioner's lapsed window and a
 * red light's growing day count do not need a sweep.
 */
export function itemLight(item: ItemFacts, now: Date, config: Config): { clock: Clock; light: LightState; next: Date | null } {
	const clock = currentClock(item, now, config);
	return { clock, light: lightOf(clock, now, config.rules), next: nextTransition(clock, now, config.rules) };
}
