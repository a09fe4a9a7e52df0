import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { clockLabels } from '$lib/domain/clocks.ts';
import { localDate } from '$lib/domain/deadlines.ts';
import { daysPast, ownCasesFirst, rateTargets } from '$lib/screen/phone.ts';
import { DEFAULT_LAYOUT } from '$lib/screen/panels/layouts.ts';
import { loadClockConfig } from '$lib/server/clocks/config.ts';
import { lettersAwaitingFeedback } from '$lib/server/letters/queries.ts';
import { runtime } from '$lib/server/runtime.ts';
import { wallLayouts } from '$lib/server/screen/layouts.ts';
import { loadWall } from '$lib/server/screen/load-wall.ts';
import { caseList } from '$lib/server/work/cases.ts';
import { queueRows, type Filters } from '$lib/server/work/queues.ts';

/** Rows per list: a phone shows the most urgent; the office pages hold the rest. */
const ROWS = 10;
const NO_FILTERS: Filters = { region: null, unitId: null, category: null, channel: null, q: null };

/**
 * 手机版态势: the account's own scope, from the readers the wall and the office pages use — the
 * wall's snapshot (figures, lights, this month's rates from the rate board), /work's red and
 * due-today queues, /cases' list and the 三函 register. Nothing is counted here.
 */
export async function load({ locals }) {
	const user = locals.user!;
	if (!can(user, 'screen.phone')) error(403, '您的账号无权查看手机版态势');
	const { sql } = runtime();
	const now = new Date();
	const today = localDate(now);
	const config = await loadClockConfig(sql);
	const [snapshot, red, dueToday, cases, letters, layouts] = await Promise.all([
		loadWall(user, null),
		queueRows(sql, user, 'red', NO_FILTERS, config, now, { limit: ROWS, offset: 0 }),
		queueRows(sql, user, 'due_today', NO_FILTERS, config, now, { limit: ROWS, offset: 0 }),
		caseList(sql, user, now),
		lettersAwaitingFeedback(sql, user, ROWS),
		wallLayouts(sql)
	]);
	const item = (r: (typeof red)[number]) => ({ id: r.id, serial: r.serial, unit: r.unitName, region: r.regionName, category: r.category, clock: clockLabels[r.clock], daysOverdue: Math.max(0, daysPast(r.clockDue, today) ?? 0) });
	const open = ownCasesFirst(cases, user.scope);
	return {
		snapshot,
		red: red.map(item),
		dueToday: dueToday.map(item),
		cases: {
			open: open.length,
			own: open.filter((c) => c.own).length,
			overdue: open.filter((c) => c.overdue).length,
			rows: open.slice(0, ROWS).map((c) => ({ id: c.id, title: c.title, leader: `${c.leaderTitle}${c.leader}`, unit: c.unitName, region: c.regionName, deadline: c.deadline, own: c.own, overdue: c.overdue, daysOverdue: c.daysOverdue }))
		},
		letters: { total: letters[0]?.total ?? 0, rows: letters.map(({ total: _, ...l }) => ({ ...l, daysOverdue: daysPast(l.feedbackDue, today) ?? 0 })) },
		targets: rateTargets(layouts[DEFAULT_LAYOUT]?.layout)
	};
}
