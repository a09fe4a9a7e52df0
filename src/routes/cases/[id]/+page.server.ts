import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { can } from '$lib/domain/access.ts';
import { audit } from '$lib/server/auth/audit.ts';
import { transaction } from '$lib/server/db/connection.ts';
import { runtime } from '$lib/server/runtime.ts';
import { caseDetail, caseStatuses, type CaseStatus } from '$lib/server/work/cases.ts';
import { idOf, readForm, text, validate } from '$lib/validation.ts';

const CaseId = idOf('包案编号');
const NOT_FOUND = '没有找到该包案';

export async function load({ locals, params }) {
	const user = locals.user!;
	if (!can(user, 'items.view')) error(403, '您的账号无权查看包案');
	const id = validate(CaseId, params.id);
	if (!id.ok) error(400, id.message);
	const found = await caseDetail(runtime().sql, user, id.data);
	if (!found) error(404, NOT_FOUND);
	return {
		c: { ...found, notes: found.notes.map((n) => ({ ...n, at: n.at.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) })) },
		statuses: caseStatuses,
		canNote: can(user, 'letters.issue') || can(user, 'letters.respond'),
		canClose: can(user, 'letters.issue')
	};
}

/** Shared checks: who may, which case, exactly these fields. */
async function prepare(locals: App.Locals, params: { id: string }, request: Request, allowed: boolean, fields: string[]) {
	const user = locals.user;
	if (!user || !allowed) return { refusal: fail(user ? 403 : 401, { field: '', message: '您的账号无权操作此包案' }) } as const;
	const id = validate(CaseId, params.id);
	if (!id.ok) return { refusal: fail(400, { field: 'id', message: id.message }) } as const;
	const form = await readForm(request);
	if (!form.ok) return { refusal: fail(form.status, { field: form.field, message: form.message }) } as const;
	const extra = Object.keys(form.data).find((k) => !fields.includes(k));
	if (extra) return { refusal: fail(400, { field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` }) } as const;
	const found = await caseDetail(runtime().sql, user, id.data);
	if (!found) return { refusal: fail(404, { field: 'id', message: NOT_FOUND }) } as const;
	return { user, id: id.data, form: form.data, found } as const;
}

export const actions = {
	/** 报进展: a progress note on the case, audited. */
	note: async ({ locals, params, request, getClientAddress }) => {
		const p = await prepare(locals, params, request, can(locals.user, 'letters.issue') || can(locals.user, 'letters.respond'), ['text']);
		if ('refusal' in p) return p.refusal;
		const note = validate(text('进展情况', 1000), p.form.text ?? '');
		if (!note.ok) return fail(400, { field: 'text', message: note.message });
		await transaction(runtime().sql, async (tx) => {
			await tx`insert into lead_case_note (case_id, author_id, author, text) values (${p.id}, ${p.user.userId}, ${p.user.displayName}, ${note.data})`;
			await audit(tx, { userId: p.user.userId, username: p.user.username, action: 'case.note', target: String(p.id), detail: { length: note.data.length }, ip: getClientAddress() });
		});
		return { field: '', message: '进展已记录' };
	},
	/** 化解中 → 已化解 / 息诉罢访 (and back, if reopened), audited. */
	status: async ({ locals, params, request, getClientAddress }) => {
		const p = await prepare(locals, params, request, can(locals.user, 'letters.issue'), ['status']);
		if ('refusal' in p) return p.refusal;
		const status = validate(v.picklist(Object.keys(caseStatuses) as CaseStatus[], '包案状态无效'), p.form.status ?? '');
		if (!status.ok) return fail(400, { field: 'status', message: status.message });
		if (status.data === p.found.status) return fail(409, { field: 'status', message: `包案已是「${caseStatuses[status.data]}」` });
		await transaction(runtime().sql, async (tx) => {
			await tx`update lead_case set status = ${status.data}, resolved_at = ${status.data === 'resolving' ? null : new Date()} where id = ${p.id}`;
			await audit(tx, { userId: p.user.userId, username: p.user.username, action: 'case.status', target: String(p.id), detail: { from: p.found.status, to: status.data }, ip: getClientAddress() });
		});
		return { field: '', message: `已改为「${caseStatuses[status.data]}」` };
	}
};
