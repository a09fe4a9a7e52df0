import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { can, regionInScope } from '$lib/domain/access.ts';
import { checkOutcome } from '$lib/domain/cases.ts';
import { localDate } from '$lib/domain/deadlines.ts';
import { isAssignmentField, readAssignment } from '$lib/server/cases/assignment.ts';
import { leadersOver, unitsNear } from '$lib/server/cases/directory.ts';
import { addNote, reassignCase, recordOutcome } from '$lib/server/cases/write.ts';
import { runtime } from '$lib/server/runtime.ts';
import { caseDetail, caseStatuses, type CaseStatus } from '$lib/server/work/cases.ts';
import { idOf, readForm, text, validate } from '$lib/validation.ts';
import { formatInstant } from '$lib/time.ts';

const CaseId = idOf('包案编号');
const NOT_FOUND = '没有找到该包案';
const time = formatInstant;

export async function load({ locals, params }) {
	const user = locals.user!;
	if (!can(user, 'items.view')) error(403, '您的账号无权查看包案');
	const id = validate(CaseId, params.id);
	if (!id.ok) error(400, id.message);
	const { sql } = runtime();
	const found = await caseDetail(sql, user, id.data);
	if (!found) error(404, NOT_FOUND);
	const supervisor = user.role === 'supervisor' && regionInScope(user.scope, found.region);
	const canAssign = supervisor && found.status === 'resolving';
	return {
		c: { ...found, assignedAt: time(found.assignedAt), resolvedAt: found.resolvedAt && time(found.resolvedAt), notes: found.notes.map((n) => ({ ...n, at: time(n.at) })) },
		statuses: caseStatuses,
		canNote: can(user, 'letters.issue') || can(user, 'letters.respond'),
		// 已化解 / 息诉罢访: the supervisor in scope or the lead unit; reopening: the supervisor (domain/cases.ts)
		canOutcome: supervisor || (user.role === 'unit' && user.unitId === found.leadUnitId),
		canReopen: supervisor,
		canAssign,
		leaders: canAssign ? await leadersOver(sql, found.region) : [],
		units: canAssign ? await unitsNear(sql, user.scope, found.region) : []
	};
}

/** Shared checks: who may, which case, only these fields. */
async function prepare(locals: App.Locals, params: { id: string }, request: Request, allowed: boolean, fields: (name: string) => boolean) {
	const user = locals.user;
	if (!user || !allowed) return { refusal: fail(user ? 403 : 401, { field: '', message: '您的账号无权操作此包案' }) } as const;
	const id = validate(CaseId, params.id);
	if (!id.ok) return { refusal: fail(400, { field: 'id', message: id.message }) } as const;
	const form = await readForm(request);
	if (!form.ok) return { refusal: fail(form.status, { field: form.field, message: form.message }) } as const;
	const extra = Object.keys(form.data).find((k) => !fields(k));
	if (extra) return { refusal: fail(400, { field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` }) } as const;
	const found = await caseDetail(runtime().sql, user, id.data);
	if (!found) return { refusal: fail(404, { field: 'id', message: NOT_FOUND }) } as const;
	return { user, id: id.data, form: form.data, found } as const;
}
const only = (...names: string[]) => (k: string) => names.includes(k);

export const actions = {
	/** 报进展: a progress note on the case, audited. */
	note: async ({ locals, params, request, getClientAddress }) => {
		const p = await prepare(locals, params, request, can(locals.user, 'letters.issue') || can(locals.user, 'letters.respond'), only('text'));
		if ('refusal' in p) return p.refusal;
		const note = validate(text('进展情况', 1000), p.form.text ?? '');
		if (!note.ok) return fail(400, { field: 'text', message: note.message });
		await addNote(runtime().sql, p.user, p.id, note.data, getClientAddress());
		return { field: '', message: '进展已记录' };
	},
	/** 化解结果: 已化解 / 息诉罢访 with how it was resolved, or back to 化解中; who may is domain/cases.ts checkOutcome. */
	status: async ({ locals, params, request, getClientAddress }) => {
		const p = await prepare(locals, params, request, can(locals.user, 'cases.outcome'), only('status', 'note'));
		if ('refusal' in p) return p.refusal;
		const status = validate(v.picklist(Object.keys(caseStatuses) as CaseStatus[], '包案状态无效'), p.form.status ?? '');
		if (!status.ok) return fail(400, { field: 'status', message: status.message });
		const note = p.form.note ?? '';
		const allowed = checkOutcome(p.user, { status: p.found.status, region: p.found.region, leadUnitId: p.found.leadUnitId }, status.data, note);
		if (!allowed.ok) return fail(allowed.status, { field: allowed.field, message: allowed.message });
		await recordOutcome(runtime().sql, p.user, p.id, p.found.status, status.data, note, new Date(), getClientAddress());
		return { field: '', message: `已记录为「${caseStatuses[status.data]}」` };
	},
	/** 调整包案: leader, lead unit, co-units, plan and deadline of an open case (the supervisor in scope). */
	assign: async ({ locals, params, request, getClientAddress }) => {
		const p = await prepare(locals, params, request, can(locals.user, 'cases.manage'), (k) => k !== 'items' && isAssignmentField(k));
		if ('refusal' in p) return p.refusal;
		if (p.found.status !== 'resolving') return fail(409, { field: '', message: '包案已办结，须先重新化解才能调整' });
		const now = new Date();
		const items = p.found.items.map((i) => ({ id: i.id, serial: i.serial, region: i.region }));
		const checked = await readAssignment(runtime().sql, p.user, p.form, localDate(now), items);
		if (!checked.ok) return fail(checked.status, { field: checked.field, message: checked.message });
		await reassignCase(runtime().sql, p.user, p.id, checked.assignment, now, getClientAddress());
		return { field: '', message: '包案已调整' };
	}
};
