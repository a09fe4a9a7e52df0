import { error, fail } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { feedbackLight, letterStatuses } from '$lib/domain/letters.ts';
import { letterKinds } from '$lib/domain/letter-rules.ts';
import { loadClockConfig } from '$lib/server/clocks/config.ts';
import { unitEffect } from '$lib/server/letters/effect.ts';
import { letterDetail, letterFeedback, letterItems, letterTimeline } from '$lib/server/letters/queries.ts';
import { closeLetter, copyOnly, markDelivered, rejectFeedback, voidLetter, reportBack, signFor, type Outcome } from '$lib/server/letters/respond.ts';
import { runtime } from '$lib/server/runtime.ts';
import { idOf, readForm, text, validate } from '$lib/validation.ts';
import { readFeedbackForm } from './feedback-form.ts';

const LetterId = idOf('函件编号');
const NOT_FOUND = '没有找到该函件';

export async function load({ locals, params, depends }) {
	depends('letters:detail');
	const user = locals.user!;
	if (!can(user, 'letters.view')) error(403, '您的账号无权查看函件');
	const id = validate(LetterId, params.id);
	if (!id.ok) error(400, id.message);
	const { sql } = runtime();
	// opening the page records nothing (a cross-site link could open it): 送达 is the unit's own action
	const letter = await letterDetail(sql, user, id.data);
	if (!letter) error(404, NOT_FOUND);
	const config = await loadClockConfig(sql);
	const now = new Date();
	const [items, timeline, feedback, effect] = await Promise.all([
		letterItems(sql, letter.id),
		letterTimeline(sql, letter.id),
		letterFeedback(sql, letter.id),
		unitEffect(sql, letter.unitId, letter.issuedAt)
	]);
	// the receiving unit (a 问责建议函's authority, else the unit concerned) acts on it; the unit concerned of a letter to its authority holds a copy
	const mine = user.role === 'unit' && user.unitId === letter.receiverId;
	const copy = user.role === 'unit' && !mine && user.unitId === letter.unitId;
	return {
		letter,
		copy,
		light: feedbackLight(letter, now, config.rules),
		items,
		timeline,
		feedback,
		effect,
		kinds: letterKinds,
		statuses: letterStatuses,
		can: {
			receive: mine && letter.status === 'issued',
			sign: mine && !letter.signedAt && letter.status !== 'closed' && letter.status !== 'void',
			reply: mine && !!letter.signedAt && ['signed', 'returned', 'overdue'].includes(letter.status),
			decide: can(user, 'letters.issue') && letter.status === 'replied',
			void: can(user, 'letters.issue') && !['draft', 'closed', 'void'].includes(letter.status)
		}
	};
}

const answer = (outcome: Outcome, done: string) => (outcome.ok ? { field: '', message: done } : fail(outcome.status, { field: outcome.field, message: outcome.message }));

async function prepare(locals: App.Locals, params: { id: string }, allowed: boolean) {
	const user = locals.user;
	if (!user || !allowed) return { refusal: fail(user ? 403 : 401, { field: '', message: '您的账号无权办理此函件' }) } as const;
	const id = validate(LetterId, params.id);
	if (!id.ok) return { refusal: fail(400, { field: 'id', message: id.message }) } as const;
	const letter = await letterDetail(runtime().sql, user, id.data);
	if (!letter) return { refusal: fail(404, { field: 'id', message: NOT_FOUND }) } as const;
	return { user, id: id.data, letter } as const;
}

/** A unit's own step (确认收到, 签收, 反馈) on a letter it only holds a copy of: refused, nothing changed. */
const copied = (p: { user: App.Locals['user']; letter: { unitId: number; receiverId: number; addresseeName: string | null; unitName: string } }) =>
	p.user?.role === 'unit' && p.user.unitId !== p.letter.receiverId && p.user.unitId === p.letter.unitId
		? fail(403, { field: '', message: copyOnly(p.letter.addresseeName ?? p.letter.unitName) })
		: null;

export const actions = {
	/** 送达: the receiving unit confirms it has the letter (a POST of its own, never a side effect of opening the page); a copied unit is refused. */
	receive: async ({ locals, params, request }) => {
		const p = await prepare(locals, params, can(locals.user, 'letters.respond'));
		if ('refusal' in p) return p.refusal;
		const refused = copied(p);
		if (refused) return refused;
		const form = await readForm(request);
		if (!form.ok) return fail(form.status, { field: form.field, message: form.message });
		if (Object.keys(form.data).length) return fail(400, { field: Object.keys(form.data)[0].slice(0, 40), message: `不应提交字段 ${Object.keys(form.data)[0].slice(0, 40)}` });
		const delivered = await markDelivered(runtime().sql, p.user, p.id);
		if (delivered && !delivered.ok) return answer(delivered, '');
		return { field: '', message: '已确认收到函件' };
	},
	/** 签收: the receiving unit signs for the letter (timestamped). */
	sign: async ({ locals, params, request, getClientAddress }) => {
		const p = await prepare(locals, params, can(locals.user, 'letters.respond'));
		if ('refusal' in p) return p.refusal;
		const refused = copied(p);
		if (refused) return refused;
		const form = await readForm(request);
		if (!form.ok) return fail(form.status, { field: form.field, message: form.message });
		if (Object.keys(form.data).length) return fail(400, { field: Object.keys(form.data)[0].slice(0, 40), message: `不应提交字段 ${Object.keys(form.data)[0].slice(0, 40)}` });
		await markDelivered(runtime().sql, p.user, p.id); // signing for it says it arrived, if not said already
		return answer(await signFor(runtime().sql, p.user, p.id, getClientAddress()), '已签收');
	},
	/** 反馈: the unit's written report, with attachments. */
	reply: async ({ locals, params, request, getClientAddress }) => {
		const p = await prepare(locals, params, can(locals.user, 'letters.respond'));
		if ('refusal' in p) return p.refusal;
		const refused = copied(p);
		if (refused) return refused;
		const form = await readFeedbackForm(request);
		if (!form.ok) return fail(form.status, { field: form.field, message: form.message });
		return answer(await reportBack(runtime().sql, p.user, p.id, form.text, form.files, getClientAddress()), '反馈已报送');
	},
	/** 办结: staff accept the feedback. */
	close: async ({ locals, params, request, getClientAddress }) => {
		const p = await prepare(locals, params, can(locals.user, 'letters.issue'));
		if ('refusal' in p) return p.refusal;
		const form = await readForm(request);
		if (!form.ok) return fail(form.status, { field: form.field, message: form.message });
		if (Object.keys(form.data).length) return fail(400, { field: Object.keys(form.data)[0].slice(0, 40), message: `不应提交字段 ${Object.keys(form.data)[0].slice(0, 40)}` });
		return answer(await closeLetter(runtime().sql, p.user, p.id, getClientAddress()), '函件已办结');
	},
	/** 退回: staff reject the feedback with a reason. */
	reject: async ({ locals, params, request, getClientAddress }) => {
		const p = await prepare(locals, params, can(locals.user, 'letters.issue'));
		if ('refusal' in p) return p.refusal;
		const form = await readForm(request);
		if (!form.ok) return fail(form.status, { field: form.field, message: form.message });
		const extra = Object.keys(form.data).find((k) => k !== 'reason');
		if (extra) return fail(400, { field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` });
		const reason = validate(text('退回理由', 500, 4), form.data.reason ?? '');
		if (!reason.ok) return fail(400, { field: 'reason', message: reason.message });
		return answer(await rejectFeedback(runtime().sql, p.user, p.id, reason.data, getClientAddress()), '反馈已退回，承办单位须重新报送');
	},
	/** 作废: staff withdraw an issued letter with a reason; the 文号 stays taken, audited. */
	void: async ({ locals, params, request, getClientAddress }) => {
		const p = await prepare(locals, params, can(locals.user, 'letters.issue'));
		if ('refusal' in p) return p.refusal;
		const form = await readForm(request);
		if (!form.ok) return fail(form.status, { field: form.field, message: form.message });
		const extra = Object.keys(form.data).find((k) => k !== 'voidReason');
		if (extra) return fail(400, { field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` });
		const reason = validate(text('作废理由', 500, 4), form.data.voidReason ?? '');
		if (!reason.ok) return fail(400, { field: 'voidReason', message: reason.message });
		return answer(await voidLetter(runtime().sql, p.user, p.id, reason.data, getClientAddress()), '函件已作废，文号保留不再使用');
	}
};
