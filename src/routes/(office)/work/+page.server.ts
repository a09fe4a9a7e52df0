import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { loadClockConfig } from '$lib/server/clocks/config.ts';
import { runtime } from '$lib/server/runtime.ts';
import { regionGroups, unitGroups } from '$lib/domain/region-tree.ts';
import { queues } from '$lib/server/work/queues.ts';
import { readWorkspace } from '$lib/server/work/workspace.ts';
import { readQuery } from './query.ts';

const PAGE_SIZE = 50;

/** 督查督办 workspace: what the rules flag in the account's scope, with the reason for each. */
export async function load({ locals, url }) {
	const user = locals.user!;
	if (!can(user, 'items.view')) error(403, '您的账号无权查看督办工作台');
	const { queue, filters, page } = readQuery(url, user);
	const { sql } = runtime();
	const config = await loadClockConfig(sql);
	const now = new Date();
	const offset = (page - 1) * PAGE_SIZE;
	const { counts, warnings, units, regions, rows, cases } = await readWorkspace(sql, user, queue, filters, config, now, { limit: PAGE_SIZE, offset });
	return {
		queue,
		queues: Object.entries(queues).map(([code, label]) => ({ code, label, count: counts[code as keyof typeof counts] })),
		filters,
		page,
		hasMore: rows.length > PAGE_SIZE || cases.length > PAGE_SIZE,
		rows: rows.slice(0, PAGE_SIZE),
		cases: cases.slice(0, PAGE_SIZE),
		warnings: warnings.slice(0, 6).map((w) => ({ ...w, from: w.from.toISOString(), to: w.to.toISOString() })),
		units: unitGroups(units, regions),
		regions: regionGroups(regions),
		canIssue: can(user, 'letters.issue'),
		rulesVersion: config.version
	};
}
