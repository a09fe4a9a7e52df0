import { fail, type RequestEvent } from '@sveltejs/kit';
import { regionInScope } from '$lib/domain/access.ts';
import { offered } from '$lib/domain/lifecycle-offer.ts';
import { transitions, type Action } from '$lib/domain/lifecycle.ts';
import type { ClockConfig } from '$lib/server/clocks/config.ts';
import type { SessionUser } from '$lib/server/auth/session.ts';
import type { Sql } from '$lib/server/db/connection.ts';
import { actorOf, applyTransition, createEvaluationLink, loadLifeFacts } from '$lib/server/lifecycle/index.ts';
import { runtime } from '$lib/server/runtime.ts';
import { readForm } from '$lib/validation.ts';
import { placeDistance, unitServesPlace, type Place } from '$lib/domain/unit-place.ts';
import { unitsServing } from '$lib/server/intake/directory.ts';
import { localDay } from '$lib/time.ts';

/** The fields each action's form sends, and how each is read (the domain checks the values). */
export const formFields: Record<Action, string[]> = {
	route: ['unitId'],
	reassign: ['unitId', 'reason'],
	accept: [],
	reject: ['reason', 'noticeOn'],
	'refuse-again': ['priorSerial', 'reason', 'noticeOn'],
	divert: ['track', 'reason'],
	start: [],
	'extend-request': ['days', 'reason'],
	'extend-approve': [],
	'extend-deny': ['reason'],
	'pause-start': ['reason'],
	'pause-end': [],
	conclude: ['outcome', 'text'],
	evaluate: ['satisfaction'],
	'review-request': [],
	'review-decide': ['text'],
	'recheck-request': [],
	'recheck-decide': ['text'],
	close: [],
	'send-back': ['reason']
};
const NUMBERS = new Set(['unitId', 'days']);

/** The form action's name for a lifecycle action: extend-request → extendRequest. */
export const formName = (action: Action) => action.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The button's words: the 信访部门's 申请延期 is granted in the same step (lifecycle-plans.ts), so it says so. */
export const labelFor = (action: Action, role: string) =>
	action === 'extend-request' && role === 'supervisor' ? '批准延期（信访部门一步批准）' : transitions[action].label;

/** What the panel says once an action is done, in plain words (not 已 + the button's label: 已复查申请). */
export const doneMessages: Record<Action, string> = {
	route: '已转送交办',
	reassign: '已改派承办单位',
	accept: '已受理',
	reject: '已决定不予受理，并记录书面告知',
	'refuse-again': '已决定不再受理，并记录书面告知',
	divert: '已诉访分离，导入其他法定途径',
	start: '已开始办理',
	'extend-request': '已提交延期申请，待批准',
	'extend-approve': '已批准延期',
	'extend-deny': '已决定不批准延期',
	'pause-start': '已中止计时（听证）',
	'pause-end': '已恢复计时',
	conclude: '已办结，出具信访处理意见书',
	evaluate: '已录入评价',
	'review-request': '已登记复查申请',
	'review-decide': '已作出复查意见',
	'recheck-request': '已登记复核申请',
	'recheck-decide': '已作出复核意见',
	close: '已终结',
	'send-back': '已退回重办'
};
/** The 信访部门's 申请延期 is granted in the same step, so its message says so. */
export const doneMessage = (action: Action, role: string) =>
	action === 'extend-request' && role === 'supervisor' ? '已批准延期（信访部门一步批准）' : doneMessages[action];

const refuse = (status: number, field: string, message: string) => fail(status, { lifecycle: true, field, message });

/** One named form action per transition: access, form shape, then the service decides and writes. */
function handler(action: Action) {
	return async ({ locals, params, request, getClientAddress }: RequestEvent<{ id: string }>) => {
		const user = locals.user;
		if (!user) return refuse(401, '', '请先登录');
		if (user.role !== 'supervisor' && user.role !== 'unit') return refuse(403, '', `【权限】您的账号不能办理信访事项（${transitions[action].label}）`);
		if (!/^[1-9][0-9]{0,15}$/.test(params.id)) return refuse(400, 'id', '信访事项编号应为正整数');
		const form = await readForm(request);
		if (!form.ok) return refuse(form.status, form.field, form.message);
		const allowed = formFields[action];
		const extra = Object.keys(form.data).find((k) => !allowed.includes(k));
		if (extra !== undefined) return refuse(400, extra.slice(0, 40), `不应提交字段 ${extra.slice(0, 40)}`);
		const input: Record<string, unknown> = {};
		for (const field of allowed) {
			const value = form.data[field] ?? '';
			input[field] = NUMBERS.has(field) ? (/^[0-9]{1,9}$/.test(value) ? Number(value) : NaN) : value.trim();
		}
		const { sql } = runtime();
		const result = await applyTransition(sql, await actorOf(sql, user, getClientAddress()), params.id, action, input as never);
		if (!result.ok) return refuse(result.status, result.field, result.message);
		return { lifecycle: true, done: true, field: '', message: doneMessage(action, user.role) };
	};
}

export const lifecycleActions = {
	route: handler('route'),
	reassign: handler('reassign'),
	accept: handler('accept'),
	reject: handler('reject'),
	refuseAgain: handler('refuse-again'),
	divert: handler('divert'),
	start: handler('start'),
	extendRequest: handler('extend-request'),
	extendApprove: handler('extend-approve'),
	extendDeny: handler('extend-deny'),
	pauseStart: handler('pause-start'),
	pauseEnd: handler('pause-end'),
	conclude: handler('conclude'),
	evaluate: handler('evaluate'),
	reviewRequest: handler('review-request'),
	reviewDecide: handler('review-decide'),
	recheckRequest: handler('recheck-request'),
	recheckDecide: handler('recheck-decide'),
	close: handler('close'),
	sendBack: handler('send-back'),
	/** 评价链接: a one-time link for the petitioner, shown once here. */
	evaluationLink: async ({ locals, params, request, url, getClientAddress }: RequestEvent<{ id: string }>) => {
		const user = locals.user;
		if (!user || (user.role !== 'supervisor' && user.role !== 'unit')) return refuse(user ? 403 : 401, '', '【权限】您的账号不能生成评价链接');
		if (!/^[1-9][0-9]{0,15}$/.test(params.id)) return refuse(400, 'id', '信访事项编号应为正整数');
		const form = await readForm(request);
		if (!form.ok) return refuse(form.status, form.field, form.message);
		if (Object.keys(form.data).length) return refuse(400, Object.keys(form.data)[0].slice(0, 40), '不应提交字段');
		const { sql } = runtime();
		const facts = await loadLifeFacts(sql, params.id);
		if (!facts || !regionInScope(user.scope, facts.region) || (user.role === 'unit' && facts.unitId !== user.unitId))
			return refuse(404, 'id', '没有找到该信访事项');
		const token = await createEvaluationLink(sql, await actorOf(sql, user, getClientAddress()), params.id);
		if (!token) return refuse(409, '', '【评价】只有已办结、尚未评价的事项可以生成评价链接');
		return { lifecycle: true, done: true, field: '', message: '评价链接已生成，仅显示这一次', link: `${url.origin}/e/${token}` };
	}
};

/**
 * The units 转送交办/改派 may hand this item to: those of its place or of a place above it
 * (属地管理, the rule registration applies: unitsServing), within the account's scope; the item's
 * own place first, then each place above, by name. A place has tens of units, so nothing is cut.
 */
async function unitChoices(sql: Sql, scope: string, place: Place) {
	const rows = (await unitsServing(sql, place.path)).filter((u) => regionInScope(scope, u.region) && unitServesPlace(u.region, place));
	const groups = new Map<string, { region: string; label: string; near: number; units: { id: number; name: string }[] }>();
	for (const u of rows) {
		const near = placeDistance(u.region, place);
		let group = groups.get(u.region);
		if (!group) groups.set(u.region, (group = { region: u.region, label: near === 0 ? `${u.regionName}（本事项属地）` : u.regionName, near, units: [] }));
		group.units.push({ id: u.id, name: u.name });
	}
	return [...groups.values()]
		.sort((a, b) => a.near - b.near)
		.map(({ region, label, units }) => ({ region, label, units: units.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')) }));
}

/** What the item page shows of the lifecycle: the actions this account may take now, and what they need. */
export async function lifecycleView(sql: Sql, user: SessionUser, id: string, now: Date, config: ClockConfig) {
	const facts = (await loadLifeFacts(sql, id))!;
	const actor = await actorOf(sql, user);
	const list = offered(facts, actor, now, config);
	const needsUnits = list.includes('route') || list.includes('reassign');
	const unitGroups = needsUnits ? await unitChoices(sql, user.scope, facts.place) : [];
	const valid = unitGroups.some((g) => g.units.some((u) => u.id === facts.unitId));
	const [row] = await sql<{ decisionText: string | null; noticeOn: string | null; evaluatedVia: string | null }[]>`
		select decision_text as "decisionText", notice_on::text as "noticeOn", evaluated_via as "evaluatedVia" from petition_item where id = ${id}`;
	return {
		actions: list.map((a) => ({ action: a, form: formName(a), label: labelFor(a, user.role), fields: formFields[a] })),
		unitGroups,
		// the unit already named at registration (if any): preselected for 转送交办 where it may
		// handle the item, excluded for 改派
		unitId: valid ? facts.unitId : null,
		pendingExtension: facts.pendingExtension && { days: facts.pendingExtension.days, reason: facts.pendingExtension.reason },
		canLink: (user.role === 'supervisor' || user.role === 'unit') && facts.concludedAt !== null && !facts.satisfaction,
		today: localDay(now),
		...row
	};
}
