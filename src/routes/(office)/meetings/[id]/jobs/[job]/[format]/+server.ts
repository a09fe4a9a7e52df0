import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { jobFile } from '$lib/server/meetings/briefing/jobs.ts';
import { meetingOf } from '$lib/server/meetings/read.ts';
import { runtime } from '$lib/server/runtime.ts';
import { idOf, validate } from '$lib/validation.ts';

const TYPES = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } as const;

/** A rendered briefing or 纪要, as PDF or .docx, with its SHA-256. */
export async function GET({ locals, params }) {
	const user = locals.user;
	if (!user || !can(user, 'meetings.view')) error(403, '您的账号无权查看联席会议');
	const id = validate(idOf('会议编号'), params.id);
	const job = validate(idOf('任务编号'), params.job);
	if (!id.ok || !job.ok) error(400, !id.ok ? id.message : (job as { message: string }).message);
	const format = params.format;
	if (format !== 'pdf' && format !== 'docx') error(404, '没有该格式的文档');
	const sql = runtime().sql;
	const m = await meetingOf(sql, user, id.data);
	const file = m && (await jobFile(sql, m.id, job.data, format));
	if (!file) error(404, '文档尚未生成');
	const name = `${m.title}${file.kind === 'minutes' ? '纪要' : '简报'}.${format}`;
	return new Response(new Uint8Array(file.bytes!), {
		headers: { 'content-type': TYPES[format], 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`, 'x-content-sha256': file.sha256 ?? '', 'cache-control': 'private, no-store' }
	});
}
