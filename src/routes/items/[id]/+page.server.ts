import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { can, maskIdNumber, maskName, maskPhone } from '$lib/domain/access.ts';
import { extensionRefusal, pauseRefusal } from '$lib/domain/clock-guards.ts';
import { audit } from '$lib/server/auth/audit.ts';
import { unmaskRefusal } from '$lib/server/auth/unmask-limit.ts';
import { runtime } from '$lib/server/runtime.ts';
import { idOf, readForm, validate } from '$lib/validation.ts';
import { itemFor, timelineOf } from './item.server.ts';
import { clocksView } from './clocks.server.ts';
import { signalsOf } from './signals.server.ts';
import { loadClockConfig } from '$lib/server/clocks/config.ts';
import { loadFacts } from '$lib/server/clocks/facts.ts';
import { transaction } from '$lib/server/db/connection.ts';
import { line, text } from '$lib/validation.ts';
import { lifecycleActions, lifecycleView } from './lifecycle.server.ts';

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
		signals: await signalsOf(sql, id.data),
		canOpenCase: can(user, 'cases.manage')
	};
}

export const actions = {
	/** the lifecycle: one named action per transition, all through applyTransition (lifecycle.server.ts) */
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
	evaluationLink: lifecycleActions.evaluationLink,
	/** 查看完整信息: scoped like the page, audit-logged, and shown for this view only. */
	unmask: async ({ locals, params, request, getClientAddress }) => {
		const user = locals.user;
		if (!user || !can(user, 'personal.unmask')) return fail(403, { field: '', message: '您的账号无权查看信访人完整信息' });
		const id = validate(ItemId, params.id);
		if (!id.ok) return fail(400, { field: 'id', message: id.message });
		// the button sends no fields; anything else (or an oversized body) is not this form
		const form = await readForm(request);
		if (!form.ok) return fail(form.status, { field: form.field, message: form.message });
		const extra = Object.keys(form.data)[0];
		if (extra !== undefined) return fail(400, { field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` });
		const { sql } = runtime();
		const found = await itemFor(sql, user, id.data);
		if (!found) return fail(404, { field: 'id', message: NOT_FOUND });
		if (!found.petitioner) return fail(404, { field: '', message: '该事项没有登记信访人' });
		const limited = await unmaskRefusal(sql, user, getClientAddress()); // a watched privilege: a few a minute
		if (limited) return limited;
		// logged before anything is shown: no entry, no data
		await audit(sql, {
			userId: user.userId,
			username: user.username,
			action: 'personal.unmask',
			target: id.data.toString(),
			detail: { serial: found.item.serial },
			ip: getClientAddress()
		});
		return { field: '', message: '', unmasked: found.petitioner };
	},
	/** 批准延期 (第33条): days within what is left of the allowance, who approved it, why. */
	extend: async (event) =>
		clockAction(event, Extension, async (tx, user, itemId, data, config) => {
			await tx`select 1 from petition_item where id = ${itemId} for update`; // two approvals at once cannot both pass the cap
			const facts = (await loadFacts(tx, [itemId])).get(itemId)!;
			const [{ now }] = await tx<{ now: Date }[]>`select now()`;
			const refusal = extensionRefusal(facts, data.days, now, config);
			if (refusal) return { status: 409, field: 'days', message: refusal };
			await tx`insert into clock_extension (item_id, days, approved_by, at, reason) values (${itemId}, ${data.days}, ${data.approvedBy}, now(), ${data.reason})`;
			await tx`update petition_item set extended_days = least(30, extended_days + ${data.days}) where id = ${itemId}`;
			return { action: 'clock.extend' as const, detail: { days: data.days, approvedBy: data.approvedBy, reason: data.reason } };
		}),
	/** 中止计时 (听证): the days of the pause are not counted on a pausable clock. */
	pause: async (event) =>
		clockAction(event, PauseForm, async (tx, user, itemId, data, config) => {
			await tx`select 1 from petition_item where id = ${itemId} for update`;
			const [open] = await tx`select 1 from clock_pause where item_id = ${itemId} and to_at is null`;
			if (open) return { status: 409, field: 'reason', message: '计时已中止，请先恢复计时' };
			const facts = (await loadFacts(tx, [itemId])).get(itemId)!;
			const [{ now }] = await tx<{ now: Date }[]>`select now()`;
			const refusal = pauseRefusal(facts, now, config);
			if (refusal) return { status: 409, field: 'reason', message: refusal };
			await tx`insert into clock_pause (item_id, from_at, reason, by_name) values (${itemId}, now(), ${data.reason}, ${user.displayName})`;
			return { action: 'clock.pause' as const, detail: { reason: data.reason } };
		}),
	/** 恢复计时: ends the open pause. */
	resume: async (event) =>
		clockAction(event, v.object({}), async (tx, _user, itemId) => {
			const ended = await tx`update clock_pause set to_at = now() where item_id = ${itemId} and to_at is null returning id`;
			if (ended.length === 0) return { status: 409, field: '', message: '计时未中止' };
			return { action: 'clock.resume' as const, detail: {} };
		})
};

const Extension = v.object({
	days: v.pipe(v.string('请填写延期天数'), v.regex(/^[1-9][0-9]?$/, '延期天数应为 1–30 的整数'), v.transform(Number), v.maxValue(30, '延期天数应为 1–30 的整数')),
	approvedBy: line('批准人', 30),
	reason: text('延期理由', 200)
});
const PauseForm = v.object({ reason: text('中止理由', 200) });

type Tx = Parameters<Parameters<typeof transaction>[1]>[0];
type Outcome = { status: number; field: string; message: string } | { action: 'clock.extend' | 'clock.pause' | 'clock.resume'; detail: Record<string, unknown> };

/** A clock action: supervisors only, the item in scope, the form valid; one transaction with its audit entry. */
async function clockAction<S extends v.GenericSchema>(
	{ locals, params, request, getClientAddress }: { locals: App.Locals; params: { id: string }; request: Request; getClientAddress: () => string },
	schema: S,
	apply: (tx: Tx, user: NonNullable<App.Locals['user']>, itemId: string, data: v.InferOutput<S>, config: Awaited<ReturnType<typeof loadClockConfig>>) => Promise<Outcome>
) {
	const user = locals.user;
	if (!user || !can(user, 'letters.issue')) return fail(user ? 403 : 401, { field: '', message: '您的账号无权调整办理时限', clock: true });
	const id = validate(ItemId, params.id);
	if (!id.ok) return fail(400, { field: 'id', message: id.message, clock: true });
	const form = await readForm(request);
	if (!form.ok) return fail(form.status, { field: form.field, message: form.message, clock: true });
	const known = new Set(Object.keys((schema as unknown as { entries?: object }).entries ?? {}));
	const extra = Object.keys(form.data).find((k) => !known.has(k));
	if (extra !== undefined) return fail(400, { field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` });
	const valid = validate(schema, form.data);
	if (!valid.ok) return fail(400, { field: valid.field, message: valid.message, clock: true });
	const { sql } = runtime();
	if (!(await itemFor(sql, user, id.data))) return fail(404, { field: 'id', message: NOT_FOUND, clock: true });
	const config = await loadClockConfig(sql);
	const itemId = String(id.data);
	const outcome = await transaction(sql, async (tx) => {
		const result = await apply(tx, user, itemId, valid.data as v.InferOutput<S>, config);
		if ('action' in result)
			await audit(tx, { userId: user.userId, username: user.username, action: result.action, target: itemId, detail: result.detail, ip: getClientAddress() });
		return result;
	});
	if ('status' in outcome) return fail(outcome.status, { field: outcome.field, message: outcome.message, clock: true });
	return { field: '', message: '', clock: true };
}
