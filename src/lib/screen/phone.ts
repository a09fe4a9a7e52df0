/**
 * The phone view (/m, 手机版态势): how its short lists are ordered and what the rates are held
 * against. Pure: the page's load passes in what the wall, the queues and the registers read.
 */
import type { RateName } from './wall.ts';
import type { Layout } from './panels/layout.ts';
import { daysBetween } from '../domain/deadlines.ts';

import { DEFAULT_RATE_TARGET } from './panels/rates/targets.ts';

export { DEFAULT_RATE_TARGET };

/**
 * The targets the wall's 考核指标 panel holds the rates against, from the layout the wall shows
 * (the deployment's own where it replaced the built-in one): the phone says 达标 exactly when the
 * wall does.
 */
export function rateTargets(layout: Layout | undefined): Record<RateName, number> {
	const panel = layout?.panels.find((p) => p.type === 'rates');
	const set = (panel?.options?.targets ?? {}) as Partial<Record<RateName, number>>;
	const of = (name: RateName) => set[name] ?? DEFAULT_RATE_TARGET;
	return { timelyAcceptance: of('timelyAcceptance'), onTimeConclusion: of('onTimeConclusion'), satisfaction: of('satisfaction'), participation: of('participation') };
}

type OpenCase = { id: number; status: string; leaderRegion: string; deadline: string; overdue: boolean; daysOverdue: number };

/**
 * Cases still being resolved, the account's own level first: an account is not a 领导名录 entry,
 * so "mine" is the cases led by the leaders of the account's own region (a province leader's are
 * the province's leaders', a 历下 leader's are 历下's). Within each, overdue first (longest
 * first), then by deadline.
 */
export function ownCasesFirst<C extends OpenCase>(cases: C[], scope: string): (C & { own: boolean })[] {
	return cases
		.filter((c) => c.status === 'resolving')
		.map((c) => ({ ...c, own: c.leaderRegion === scope }))
		.sort((a, b) => Number(b.own) - Number(a.own) || Number(b.overdue) - Number(a.overdue) || b.daysOverdue - a.daysOverdue || a.deadline.localeCompare(b.deadline) || a.id - b.id);
}

/** Days past a due date (0 on the day, negative before it); null without a date. */
export const daysPast = (due: string | null, today: string): number | null => (due === null ? null : daysBetween(due, today));
