import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { letterKinds } from '$lib/domain/letter-rules.ts';
import { letterStatuses } from '$lib/domain/letters.ts';
import { regionsInScope } from '$lib/server/work/pickers.ts';
import { unitGroups } from '$lib/domain/region-tree.ts';
import { letterRecipients, letterRegister } from '$lib/server/letters/queries.ts';
import { unitEffects } from '$lib/server/letters/effect.ts';
import { runtime } from '$lib/server/runtime.ts';
import { readRegisterQuery } from './query.ts';

const PAGE_SIZE = 50;

/** 函件台账: every letter the account may see, filtered; for leaders and staff the effect (B3) by unit. */
export async function load({ locals, url, depends }) {
	depends('letters:register');
	const user = locals.user!;
	if (!can(user, 'letters.view')) error(403, '您的账号无权查看函件');
	const { filters, page } = readRegisterQuery(url);
	const { sql } = runtime();
	const rows = await letterRegister(sql, user, filters, { limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE });
	const [units, regions] = await Promise.all([letterRecipients(sql, user), regionsInScope(sql, user.scope)]);
	return {
		filters,
		page,
		hasMore: rows.length > PAGE_SIZE,
		rows: rows.slice(0, PAGE_SIZE),
		units: unitGroups(units, regions),
		kinds: letterKinds,
		statuses: letterStatuses,
		canIssue: can(user, 'letters.issue'),
		isUnit: user.role === 'unit',
		effects: user.role === 'unit' ? [] : await unitEffects(sql, user, new Date())
	};
}
