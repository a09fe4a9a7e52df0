import { daysBetween, localDate } from './deadlines.ts';
import { lightLabels, type LightState } from './lights.ts';

/**
 * A meeting decision's clock: due by the end of its 期限 (local day), yellow within the rules'
 * 临期 days, then due today, then red — the same lights and labels as an item's clock. A decision
 * reported done has no running clock.
 */
export function followUpLight(due: string, done: boolean, now: Date, yellowDays: number): LightState {
	if (done) return { light: 'none', label: '已办结', daysLeft: null, daysOverdue: 0 };
	const left = daysBetween(localDate(now), due);
	if (left < 0) return { light: 'red', label: `逾期 ${-left} 天`, daysLeft: left, daysOverdue: -left };
	if (left === 0) return { light: 'due_today', label: lightLabels.due_today, daysLeft: 0, daysOverdue: 0 };
	return { light: left <= yellowDays ? 'yellow' : 'green', label: left <= yellowDays ? `临期（剩 ${left} 天）` : `剩 ${left} 天`, daysLeft: left, daysOverdue: 0 };
}
