import { error } from '@sveltejs/kit';
import { can, regionInScope, type Principal } from '$lib/domain/access.ts';
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
export async function load({ locals, url }) {
	const user = locals.user!;
	if (!can(user, 'screen.phone')) error(403, '您的账号无权查看手机版态势');
	const region = drilledRegion(url, user);
	// drilled into a region of the scope: every list reads as the account would with that scope
	const within: Principal = region ? { ...user, scope: region } : user;
	const { sql } = runtime();
	const now = new Date();
	const today = localDate(now);
	const config = await loadClockConfig(sql);
	const [snapshot, red, dueToday, cases, letters, layouts] = await Promise.all([
		loadWall(user, region),
		queueRows(sql, within, 'red', NO_FILTERS, config, now, { limit: ROWS, offset: 0 }),
		queueRows(sql, within, 'due_today', NO_FILTERS, config, now, { limit: ROWS, offset: 0 }),
		caseList(sql, within, now),
		lettersAwaitingFeedback(sql, within, ROWS),
		wallLayouts(sql)
	]);
	const item = (r: (typeof red)[number]) => ({ id: r.id, serial: r.serial, unit: r.unitName, region: r.regionName, category: r.category, clock: clockLabels[r.clock], daysOverdue: Math.max(0, daysPast(r.clockDue, today) ?? 0) });
	const open = ownCasesFirst(cases, within.scope);
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

/** `?region=`: a region within the account's scope (its own scope reads as none); refusals in Chinese. */
function drilledRegion(url: URL, user: Principal): string | null {
	const unknown = [...url.searchParams.keys()].find((k) => k !== 'region');
	if (unknown) error(400, `不认识的参数 ${unknown.slice(0, 40)}`);
	const asked = url.searchParams.getAll('region');
	if (asked.length > 1) error(400, '参数 region 重复');
	if (asked.length === 0 || asked[0] === user.scope) return null;
	if (!/^[1-9][0-9]{5}$/.test(asked[0])) error(400, '地区代码应为 6 位数字（参数 region）');
	if (!regionInScope(user.scope, asked[0])) error(403, '该地区不在您的权限范围内');
	return asked[0];
}
