import { error, fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { can, maskIdNumber, maskPhone } from '$lib/domain/access.ts';
import type { SessionUser } from '$lib/server/auth/session.ts';
import { UPLOAD_BODY_LIMIT } from '$lib/server/body-limit.ts';
import { commitLedger, previewLedger } from '$lib/server/intake/import/jobs.ts';
import { jobOf, recentJobs, rowsOf, warningsOf } from '$lib/server/intake/import/view.ts';
import { runtime } from '$lib/server/runtime.ts';
import { idOf, readForm, validate } from '$lib/validation.ts';

const Query = v.object({
	job: v.optional(idOf('导入任务', Number.MAX_SAFE_INTEGER)),
	show: v.optional(v.picklist(['all', 'errors', 'warnings'], '筛选参数无效'), 'all'),
	page: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,3}$/, '页码应为 1–9999 的整数'), v.transform(Number)), '1')
});

export async function load({ locals, url, setHeaders }) {
	const user = locals.user;
	if (!user || !can(user, 'items.register')) error(403, '您的账号无权导入台账');
	const query = validate(Query, Object.fromEntries(url.searchParams));
	if (!query.ok) error(400, `${query.message}（参数 ${query.field}）`);
	const { sql } = runtime();
	const { job: id, show, page } = query.data;
	if (id === undefined) return { job: null, recent: await recentJobs(sql, user.userId) };
	const job = await jobOf(sql, user.userId, BigInt(id));
	if (!job) error(404, '没有找到该导入任务');
	setHeaders({ 'cache-control': 'private, no-store' }); // the preview holds personal data
	const { rows, hasMore } = await rowsOf(sql, BigInt(id), show, page);
	return {
		job,
		show,
		page,
		hasMore,
		// masked here: the preview only needs to show that they were read
		rows: rows.map((r) => ({ ...r, record: { ...r.record, idNumber: r.record.idNumber && maskIdNumber(r.record.idNumber.trim()), phone: r.record.phone && maskPhone(r.record.phone.trim()) } })),
		warnings: job.status === 'committed' ? await warningsOf(sql, BigInt(id)) : []
	};
}

const registrarOf = (user: SessionUser, ip: string) => ({ scope: user.scope, actor: user.displayName, userId: user.userId, username: user.username, apiClientId: null, ip });

export const actions = {
	/** 上传并预览: reads and checks the file, writes nothing but the job. */
	preview: async ({ locals, request, getClientAddress }) => {
		const user = locals.user;
		if (!user || !can(user, 'items.register')) return fail(403, { action: 'preview', ok: false, field: '', message: '您的账号无权导入台账' });
		let data: FormData;
		try {
			data = await request.formData();
		} catch (e) {
			const status = (e as { status?: number; cause?: { status?: number } })?.status ?? (e as { cause?: { status?: number } })?.cause?.status;
			if (status === 413) return fail(413, { action: 'preview', ok: false, field: 'file', message: '文件过大，请拆分后分批导入' });
			return fail(400, { action: 'preview', ok: false, field: 'file', message: '请用“上传并预览”按钮提交文件' });
		}
		const files = data.getAll('file');
		const extra = [...data.keys()].find((k) => k !== 'file');
		if (extra !== undefined) return fail(400, { action: 'preview', ok: false, field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` });
		const file = files[0];
		if (files.length !== 1 || !(file instanceof File) || file.size === 0) return fail(400, { action: 'preview', ok: false, field: 'file', message: '请选择要导入的 .xlsx 或 .csv 文件' });
		if (file.size > UPLOAD_BODY_LIMIT) return fail(413, { action: 'preview', ok: false, field: 'file', message: '文件过大，请拆分后分批导入' });
		const result = await previewLedger(runtime().sql, registrarOf(user, getClientAddress()), { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
		if (!result.ok) return fail(result.busy ? 429 : 422, { action: 'preview', ok: false, field: 'file', message: result.message });
		redirect(303, `/intake/import?job=${result.jobId}`);
	},

	/** 确认导入: every row in one transaction, or none. */
	commit: async ({ locals, request, getClientAddress }) => {
		const user = locals.user;
		if (!user || !can(user, 'items.register')) return fail(403, { action: 'commit', ok: false, field: '', message: '您的账号无权导入台账' });
		const form = await readForm(request);
		if (!form.ok) return fail(form.status, { action: 'commit', ok: false, field: form.field, message: form.message });
		const job = validate(v.object({ job: idOf('导入任务', Number.MAX_SAFE_INTEGER) }), form.data);
		if (!job.ok) return fail(400, { action: 'commit', ok: false, field: job.field, message: job.message });
		const extra = Object.keys(form.data).find((k) => k !== 'job');
		if (extra !== undefined) return fail(400, { action: 'commit', ok: false, field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` });
		const result = await commitLedger(runtime().sql, registrarOf(user, getClientAddress()), BigInt(job.data.job));
		if (!result.ok) return fail(409, { action: 'commit', ok: false, field: 'job', message: result.message });
		return { action: 'commit', ok: true, field: '', message: `已导入 ${result.items} 件信访事项，其中 ${result.warnings} 件有智能校对提示` };
	}
};
