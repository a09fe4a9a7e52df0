import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { can } from '$lib/domain/access.ts';
import { followUpLight } from '$lib/domain/follow-ups.ts';
import { audit } from '$lib/server/auth/audit.ts';
import { loadClockConfig } from '$lib/server/clocks/config.ts';
import { transaction } from '$lib/server/db/connection.ts';
import { followUpFor, followUps } from '$lib/server/meetings/follow-ups.ts';
import { closeFollowUp } from '$lib/server/meetings/write.ts';
import { runtime } from '$lib/server/runtime.ts';
import { idOf, text } from '$lib/validation.ts';
import { readValid } from '../meetings/forms.ts';
import { formatInstant } from '$lib/time.ts';

/** 会议决定督办: every meeting decision as a follow-up with its clock; a unit sees its own. */
export async function load({ locals, url }) {
	const user = locals.user!;
	if (!can(user, 'follow_ups.view')) error(403, '您的账号无权查看会议决定督办');
	const status = url.searchParams.get('status');
	if (status !== null && status !== 'open' && status !== 'done') error(400, '状态应为 open 或 done');
	const now = new Date();
	const rows = await followUps(runtime().sql, user, status);
	const { yellowDays } = (await loadClockConfig(runtime().sql)).rules; // the light window in force, as for items
	return {
		rows: rows.map((r) => ({ ...r, doneAt: r.doneAt ? formatInstant(r.doneAt) : null, clock: followUpLight(r.due, r.status === 'done', now, yellowDays) })),
		status,
		canClose: can(user, 'follow_ups.close'),
		canMeetings: can(user, 'meetings.view')
	};
}

const CloseForm = v.object({ decision: idOf('督办事项'), note: text('办结情况', 1000) });

export const actions = {
	/** 办结: the unit responsible (or 督查督办) reports it done; the clock stops. */
	close: async ({ locals, request, getClientAddress }) => {
		const user = locals.user;
		if (!user || !can(user, 'follow_ups.close')) return fail(user ? 403 : 401, { field: '', message: '您的账号无权办结会议决定' });
		const f = await readValid(request, CloseForm);
		if ('refusal' in f) return f.refusal;
		const sql = runtime().sql;
		const found = await followUpFor(sql, user, f.data.decision);
		if (!found) return fail(404, { field: 'decision', message: '没有找到该督办事项' });
		const ok = await transaction(sql, async (tx) => {
			if (!(await closeFollowUp(tx, found.id, f.data.note, new Date()))) return false;
			await audit(tx, { userId: user.userId, username: user.username, action: 'meeting.follow_up', target: String(found.id), detail: { meeting: found.meetingId }, ip: getClientAddress() });
			return true;
		});
		return ok ? { field: '', message: '已办结' } : fail(409, { field: 'decision', message: '该督办事项已办结' });
	}
};
