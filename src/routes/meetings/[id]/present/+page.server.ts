import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { agendaKinds } from '$lib/domain/agenda.ts';
import { meetingOf } from '$lib/server/meetings/read.ts';
import { runtime } from '$lib/server/runtime.ts';
import { idOf, validate } from '$lib/validation.ts';
import { meetingView } from '$lib/server/meetings/view.ts';

/** 演示模式: the agenda as slides, drawn from the frozen snapshot. Leaders and 督查督办. */
export async function load({ locals, params }) {
	const user = locals.user!;
	if (!can(user, 'meetings.view')) error(403, '您的账号无权查看联席会议');
	const id = validate(idOf('会议编号'), params.id);
	if (!id.ok) error(400, id.message);
	const m = await meetingOf(runtime().sql, user, id.data);
	if (!m) error(404, '没有找到该会议');
	return { ...(await meetingView(runtime().sql, user, m, new Date())), kinds: agendaKinds };
}
