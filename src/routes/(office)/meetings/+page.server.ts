import { error, redirect } from '@sveltejs/kit';
import { can, regionInScope } from '$lib/domain/access.ts';
import { runtime } from '$lib/server/runtime.ts';
import { createMeeting } from '$lib/server/meetings/create.ts';
import { freezeSnapshot } from '$lib/server/meetings/freeze.ts';
import { meetingList, meetingRegions, meetingStatuses, snapshotList } from '$lib/server/meetings/read.ts';
import { FreezeForm, MeetingForm, readValid } from './forms.ts';
import { fail } from '@sveltejs/kit';
import { formatInstant } from '$lib/time.ts';

export async function load({ locals }) {
	const user = locals.user!;
	if (!can(user, 'meetings.view')) error(403, '您的账号无权查看联席会议');
	const sql = runtime().sql;
	const meetings = await meetingList(sql, user);
	const [regions, snapshots] = await Promise.all([meetingRegions(sql, user.scope), snapshotList(sql, user.scope)]);
	return {
		snapshots: snapshots.filter((x) => regionInScope(user.scope, x.region)).map((x) => ({ ...x, takenAt: formatInstant(x.takenAt) })),
		meetings: meetings.map((m) => ({ ...m, heldAt: formatInstant(m.heldAt), statusLabel: meetingStatuses[m.status] })),
		regions: regions.filter((r) => regionInScope(user.scope, r.adcode)),
		scope: user.scope,
		canPrepare: can(user, 'meetings.prepare')
	};
}

export const actions = {
	/** 冻结态势: a named snapshot of a region now, kept (a replay's start, a later meeting's reference). */
	freeze: async ({ locals, request, getClientAddress }) => {
		const user = locals.user;
		if (!user || !can(user, 'meetings.prepare')) return fail(user ? 403 : 401, { field: '', message: '您的账号无权冻结态势' });
		const p = await readValid(request, FreezeForm);
		if ('refusal' in p) return p.refusal;
		const made = await freezeSnapshot(runtime().sql, user, p.data.name, p.data.region, new Date(), getClientAddress());
		if ('refused' in made) return fail(made.refused === 'scope' ? 403 : 400, { field: 'region', message: made.refused === 'scope' ? '该地区不在您的权限范围内' : '该地区不存在' });
		return { field: '', message: `已冻结「${p.data.name}」（序号 ${made.seq}）` };
	},
	/** 筹备会议: freezes the situation now and proposes the agenda. */
	create: async ({ locals, request, getClientAddress }) => {
		const user = locals.user;
		if (!user || !can(user, 'meetings.prepare')) return fail(user ? 403 : 401, { field: '', message: '您的账号无权筹备联席会议' });
		const p = await readValid(request, MeetingForm);
		if ('refusal' in p) return p.refusal;
		if (!regionInScope(user.scope, p.data.region)) return fail(403, { field: 'region', message: '会议地区不在您的权限范围内' });
		const made = await createMeeting(runtime().sql, user, p.data, new Date(), getClientAddress());
		if ('refused' in made) return fail(made.refused === 'scope' ? 403 : 400, { field: 'region', message: made.refused === 'scope' ? '会议地区不在您的权限范围内' : '会议地区不存在' });
		redirect(303, `/meetings/${made.id}`);
	}
};
