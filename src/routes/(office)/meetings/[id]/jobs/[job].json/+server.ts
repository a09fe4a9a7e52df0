import { error, json } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { jobOf } from '$lib/server/meetings/briefing/jobs.ts';
import { meetingOf } from '$lib/server/meetings/read.ts';
import { runtime } from '$lib/server/runtime.ts';
import { idOf, validate } from '$lib/validation.ts';

/** A briefing job's progress, polled by the meeting page while it renders. */
export async function GET({ locals, params, setHeaders }) {
	const user = locals.user;
	if (!user || !can(user, 'meetings.view')) error(403, '您的账号无权查看联席会议');
	const id = validate(idOf('会议编号'), params.id);
	const job = validate(idOf('任务编号'), params.job);
	if (!id.ok || !job.ok) error(400, !id.ok ? id.message : (job as { message: string }).message);
	const sql = runtime().sql;
	const m = await meetingOf(sql, user, id.data);
	const found = m && (await jobOf(sql, m.id, job.data));
	if (!found) error(404, '没有找到该任务');
	setHeaders({ 'cache-control': 'no-store' });
	return json(found);
}
