import { error, fail } from '@sveltejs/kit';
import { can, maskIdNumber, maskName, maskPhone } from '$lib/domain/access.ts';
import { audit } from '$lib/server/auth/audit.ts';
import { unmaskRefusal } from '$lib/server/auth/unmask-limit.ts';
import { watchUnmask } from '$lib/server/auth/unmask-watch.ts';
import { checkUnmaskReason, UNMASK_REASONS } from '$lib/domain/unmask.ts';
import { runtime } from '$lib/server/runtime.ts';
import { idOf, readForm, validate } from '$lib/validation.ts';
import { itemFor, timelineOf } from './item.server.ts';
import { clocksView } from './clocks.server.ts';
import { signalsOf } from './signals.server.ts';
import { loadClockConfig } from '$lib/server/clocks/config.ts';
import { loadFacts } from '$lib/server/clocks/facts.ts';
import { lifecycleActions, lifecycleView } from './lifecycle.server.ts';
import { documentsOfItem } from '$lib/server/petitioner-docs/files.ts';

// petition_item.id is a bigint; ids beyond 2^53 cannot be real here and are refused as invalid
const ItemId = idOf('信访事项编号', Number.MAX_SAFE_INTEGER);
const NOT_FOUND = '没有找到该信访事项';

export async function load({ locals, params, setHeaders }) {
	const user = locals.user;
	if (!user || !can(user, 'items.view')) error(403, '您的账号无权查看信访事项');
	const id = validate(ItemId, params.id);
	if (!id.ok) error(400, id.message);
	const { sql } = runtime();
	const found = await itemFor(sql, user, id.data);
	if (!found) error(404, NOT_FOUND);
	const { item, petitioner } = found;
	setHeaders({ 'cache-control': 'private, no-store' }); // personal data, even masked, stays out of caches
	const facts = (await loadFacts(sql, [String(id.data)])).get(String(id.data))!;
	const now = new Date();
	const config = await loadClockConfig(sql);
	return {
		item,
		clocks: clocksView(facts, now, config),
		lifecycle: await lifecycleView(sql, user, String(id.data), now, config),
		canManageClocks: can(user, 'letters.issue'),
		timeline: await timelineOf(sql, id.data),
		// masked here, on the server: the full values never reach a page that did not ask for them
		petitioner: petitioner && {
			name: maskName(petitioner.name),
			idNumber: petitioner.idNumber && maskIdNumber(petitioner.idNumber),
			phone: petitioner.phone && maskPhone(petitioner.phone)
		},
		canUnmask: can(user, 'personal.unmask'),
		unmaskReasons: Object.entries(UNMASK_REASONS).map(([code, label]) => ({ code, label })),
		signals: await signalsOf(sql, id.data),
		canOpenCase: can(user, 'cases.manage'),
		documents: await documentsOfItem(sql, String(id.data))
	};
}

export const actions = {
	/**
	 * the lifecycle: one named action per transition, all through applyTransition (lifecycle.server.ts).
	 * 延期, 中止计时 and 恢复计时 are these too (extendRequest/extendApprove, pauseStart/pauseEnd): one
	 * code path with its petition_event and audit entry; the clock panel only shows.
	 */
	route: lifecycleActions.route,
	reassign: lifecycleActions.reassign,
	accept: lifecycleActions.accept,
	reject: lifecycleActions.reject,
	refuseAgain: lifecycleActions.refuseAgain,
	start: lifecycleActions.start,
	extendRequest: lifecycleActions.extendRequest,
	extendApprove: lifecycleActions.extendApprove,
	extendDeny: lifecycleActions.extendDeny,
	pauseStart: lifecycleActions.pauseStart,
	pauseEnd: lifecycleActions.pauseEnd,
	conclude: lifecycleActions.conclude,
	evaluate: lifecycleActions.evaluate,
	reviewRequest: lifecycleActions.reviewRequest,
	reviewDecide: lifecycleActions.reviewDecide,
	recheckRequest: lifecycleActions.recheckRequest,
	recheckDecide: lifecycleActions.recheckDecide,
	close: lifecycleActions.close,
	sendBack: lifecycleActions.sendBack,
	divert: lifecycleActions.divert,
	evaluationLink: lifecycleActions.evaluationLink,
	/** 查看完整信息: scoped like the page, audit-logged, and shown for this view only. */
	unmask: async ({ locals, params, request, getClientAddress }) => {
		const user = locals.user;
		if (!user || !can(user, 'personal.unmask')) return fail(403, { field: '', message: '您的账号无权查看信访人完整信息' });
		const id = validate(ItemId, params.id);
		if (!id.ok) return fail(400, { field: 'id', message: id.message });
		// the form sends the reason (from the list) and the person's own words; anything else is not this form
		const form = await readForm(request);
		if (!form.ok) return fail(form.status, { field: form.field, message: form.message });
		const extra = Object.keys(form.data).find((k) => k !== 'reason' && k !== 'note');
		if (extra !== undefined) return fail(400, { field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` });
		const why = checkUnmaskReason(form.data.reason, form.data.note);
		if (!why.ok) return fail(400, { field: why.field, message: why.message });
		const { sql, config } = runtime();
		const found = await itemFor(sql, user, id.data);
		if (!found) return fail(404, { field: 'id', message: NOT_FOUND });
		if (!found.petitioner) return fail(404, { field: '', message: '该事项没有登记信访人' });
		const limited = await unmaskRefusal(sql, user, getClientAddress()); // a watched privilege: a few a minute
		if (limited) {
			await watchUnmask(sql, user, getClientAddress(), config.letters.webhookUrl);
			return limited;
		}
		// logged, with its reason, before anything is shown: no entry, no data
		await audit(sql, {
			userId: user.userId,
			username: user.username,
			action: 'personal.unmask',
			target: id.data.toString(),
			detail: { serial: found.item.serial, reason: why.reason.code, reasonLabel: why.reason.label, note: why.reason.note },
			ip: getClientAddress()
		});
		await watchUnmask(sql, user, getClientAddress(), config.letters.webhookUrl); // unusually many in an hour: the admins hear of it
		return { field: '', message: '', unmasked: found.petitioner };
	},
};
