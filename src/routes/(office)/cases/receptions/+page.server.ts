import { error, fail } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { addDays, localDate } from '$lib/domain/deadlines.ts';
import { parseLocalDateTime } from '$lib/domain/intake.ts';
import { receptionKinds, receptionMonth } from '$lib/domain/receptions.ts';
import { itemsByRefs, leaderById, leadersIn, refsOf } from '$lib/server/cases/directory.ts';
import { receptionsIn, recordReception } from '$lib/server/cases/receptions.ts';
import { runtime } from '$lib/server/runtime.ts';
import { readForm } from '$lib/validation.ts';
import { formatMinute, localInput } from '$lib/time.ts';

const FIELDS = ['leader', 'kind', 'at', 'place', 'persons', 'note', 'items'];
const time = formatMinute;

/** 领导接访 / 下访 / 约访 in scope: this month's tally, the last 90 days, and (for 督查督办) the form to record one. */
export async function load({ locals }) {
	const user = locals.user!;
	if (!can(user, 'items.view')) error(403, '您的账号无权查看领导接访');
	const { sql } = runtime();
	const today = localDate(new Date());
	const rows = await receptionsIn(sql, user.scope, addDays(today, -90));
	const canRecord = can(user, 'cases.manage');
	return {
		month: receptionMonth(rows, today),
		receptions: rows.map((r) => ({ ...r, at: time(r.at) })),
		kinds: receptionKinds,
		canRecord,
		leaders: canRecord ? await leadersIn(sql, user.scope) : [],
		now: localInput(new Date())
	};
}

export const actions = {
	/** 登记接访: checked by domain/receptions.ts, written in one transaction with its items, audited, on the feed. */
	record: async ({ locals, request, getClientAddress }) => {
		const user = locals.user;
		if (!user || !can(user, 'cases.manage')) return fail(user ? 403 : 401, { field: '', message: '只有督查督办人员可以登记领导接访' });
		const form = await readForm(request);
		if (!form.ok) return fail(form.status, { field: form.field, message: form.message });
		const extra = Object.keys(form.data).find((k) => !FIELDS.includes(k));
		if (extra) return fail(400, { field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` });
		const f = form.data;
		const at = parseLocalDateTime(f.at ?? '');
		if (!at || !at.hasTime) return fail(422, { field: 'at', message: '请填写接访时间（如 2026-12-04 09:30）' });
		if (!/^[1-9][0-9]{0,4}$/.test(f.persons ?? '')) return fail(422, { field: 'persons', message: '接待人数应为正整数' });
		const { sql } = runtime();
		const { found, missing } = await itemsByRefs(sql, refsOf(f.items ?? ''));
		if (missing.length) return fail(422, { field: 'items', message: `没有找到信访事项：${missing.slice(0, 3).join('、')}` });
		const leaderId = /^[1-9][0-9]{0,9}$/.test(f.leader ?? '') ? Number(f.leader) : null;
		const result = await recordReception(
			sql,
			user,
			{ kind: f.kind ?? '', at: at.at, place: f.place ?? '', persons: Number(f.persons), note: f.note ?? '', leader: leaderId ? await leaderById(sql, leaderId) : null, items: found },
			new Date(),
			getClientAddress()
		);
		if (!result.ok) return fail(result.status, { field: result.field, message: result.message });
		return { field: '', message: '接访已登记', id: result.id };
	}
};
