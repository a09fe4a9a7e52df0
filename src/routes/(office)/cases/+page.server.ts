import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { runtime } from '$lib/server/runtime.ts';
import { caseList, caseStatuses, scorecard } from '$lib/server/work/cases.ts';

/** 领导包案: every case in scope with its progress, and each leader's scorecard. */
export async function load({ locals }) {
	const user = locals.user!;
	if (!can(user, 'items.view')) error(403, '您的账号无权查看包案');
	const cases = await caseList(runtime().sql, user, new Date());
	const open = cases.filter((c) => c.status === 'resolving');
	return {
		totals: { all: cases.length, resolving: open.length, resolved: cases.length - open.length, overdue: open.filter((c) => c.overdue).length },
		cases: cases.slice(0, 300),
		scorecard: scorecard(cases).slice(0, 40),
		statuses: caseStatuses,
		canManage: can(user, 'cases.manage')
	};
}
