/**
 * Each action's own preconditions and what it changes, once the table has allowed the actor and
 * the state. The clock rules for 延期 and 中止 are clock-guards.ts's (one home); request windows
 * are read from currentClock.
 */
import { extensionRefusal, pauseRefusal } from './clock-guards.ts';
import { currentClock, type Config } from './clocks.ts';
import { localDate } from './deadlines.ts';
import { outcomes, transitions, type Action } from './lifecycle-table.ts';
import type { Refusal } from './lifecycle-guards.ts';
import type { Actor, Changes, Inputs, LifeFacts } from './lifecycle.ts';
import { MAX_EXTENSION_DAYS } from './statute.ts';
import { placeRuleText, unitServesPlace } from './unit-place.ts';
import { itemTypes, satisfactions, tracks, type Status } from './vocabulary.ts';

type Plan = { ok: true; changes: Changes } | ({ ok: false } & Refusal);

const no = (rule: string, field: string, message: string): Plan => ({ ok: false, rule, field, message });

function change(action: Action, facts: LifeFacts, item: Changes['item'], note: string, extra: Partial<Changes> = {}): Plan {
	const to = transitions[action].to;
	const next: Status = to === 'same' ? facts.status : to;
	if (to !== 'same') item.status = to;
	return { ok: true, changes: { action, item, event: { from: facts.status, to: next, note }, ...extra } };
}

const openPause = (facts: LifeFacts) => (facts.pauses ?? []).find((p) => p.to === null) ?? null;

/** The 办结 clock's counted extension days once `days` more are approved (the guard has kept the total within 30). */
const extendedTo = (facts: LifeFacts, days: number, at: Date, config: Config) => Math.min(MAX_EXTENSION_DAYS, currentClock(facts, at, config).extensionDays + days);

type Planner<A extends Action> = (facts: LifeFacts, actor: Actor, input: Inputs[A], at: Date, config: Config) => Plan;

const planners: { [A in Action]: Planner<A> } = {
	route: (f, _a, i) => outsidePlace(f, i) ?? change('route', f, { unitId: i.unitId }, `转送交办至${i.unitName ?? `单位 ${i.unitId}`}`),
	reassign: (f, _a, i) => {
		const outside = outsidePlace(f, i);
		if (outside) return outside;
		if (i.unitId === f.unitId) return no('reassign.same-unit', 'unitId', '【改派】改派须交由另一承办单位');
		if ((f.extensions ?? []).length || (f.pauses ?? []).length || f.pendingExtension)
			return no('reassign.clock-facts', 'unitId', '【改派】已申请或批准延期、或已中止计时的事项不能改派，请退回重办或在原单位办结');
		return change('reassign', f, { unitId: i.unitId, acceptedAt: null, concludeDue: null }, `改派至${i.unitName ?? `单位 ${i.unitId}`}：${i.reason}`);
	},
	accept: (f) => change('accept', f, {}, '受理，已书面告知信访人'),
	reject: (f, _a, i) => {
		if (f.routedAt && i.noticeOn < localDate(f.routedAt)) return no('input', 'noticeOn', '【告知日期】告知日期不能早于转送交办日期');
		return change('reject', f, { decisionText: i.reason, noticeOn: i.noticeOn }, `不予受理（${i.noticeOn} 书面告知）：${i.reason}`);
	},
	'refuse-again': (f, _a, i) => {
		if (!i.prior) return no('refuse-again.prior', 'prior', '【不再受理】请指明已经复查、复核终结的同一事项');
		if (i.prior.id === f.id) return no('refuse-again.prior', 'prior', '【不再受理】所指事项不能是本事项');
		if (!i.prior.concludedThroughAppeal)
			return no('refuse-again.prior', 'prior', `【不再受理（《信访条例》第35条）】事项 ${i.prior.serial} 尚未经复查或复核办结，不能据此不再受理`);
		const item = { decisionText: i.reason, noticeOn: i.noticeOn, repeatOf: i.prior.id };
		return change('refuse-again', f, item, `不再受理（同一事项 ${i.prior.serial} 已经复查/复核）：${i.reason}`);
	},
	divert: (f, _a, i) => {
		if (f.type !== 'appeal')
			return no('divert.type', 'track', `【诉访分离仅适用于申诉求决类】该事项为“${itemTypes[f.type] ?? f.type}”，不能导入其他法定途径`);
		if (f.track !== 'petition') return no('divert.track', 'track', `【诉访分离】该事项已导入${tracks[f.track]}`);
		// no clock runs after diversion: the due dates shown in lists are cleared
		const item = { track: i.track, acceptDue: null, concludeDue: null };
		return change('divert', f, item, `诉访分离：导入${tracks[i.track]}（${i.reason}）`);
	},
	start: (f) => change('start', f, {}, '开始办理'),
	'extend-request': (f, a, i, at, c) => {
		if (f.pendingExtension) return no('extension.pending', 'days', `【延期申请】已有待批准的延期申请（${f.pendingExtension.days} 日）`);
		const refused = extensionRefusal(f, i.days, at, c);
		if (refused) return { ok: false, ...refused };
		const extensionRequest = { days: i.days, reason: i.reason };
		if (a.role !== 'supervisor') return change('extend-request', f, {}, `申请延期 ${i.days} 日：${i.reason}`, { extensionRequest });
		// the 信访部门 grants in one step: the request is recorded and approved at once (README, 延期)
		const extension = { days: i.days, approvedBy: a.name, reason: i.reason };
		const item = { extendedDays: extendedTo(f, i.days, at, c) };
		return change('extend-request', f, item, `信访部门批准延期 ${i.days} 日：${i.reason}`, { extensionRequest, extension, extensionDecision: { approved: true } });
	},
	'extend-approve': (f, a, _i, at, c) => {
		const req = f.pendingExtension;
		if (!req) return no('extension.none', 'action', '【批准延期】没有待批准的延期申请');
		const refused = extensionRefusal(f, req.days, at, c);
		if (refused) return { ok: false, ...refused };
		const extension = { days: req.days, approvedBy: a.name, reason: req.reason };
		const item = { extendedDays: extendedTo(f, req.days, at, c) };
		return change('extend-approve', f, item, `批准延期 ${req.days} 日：${req.reason}`, { extension, extensionDecision: { approved: true } });
	},
	'extend-deny': (f, _a, i) => {
		if (!f.pendingExtension) return no('extension.none', 'action', '【不批准延期】没有待批准的延期申请');
		return change('extend-deny', f, {}, `不批准延期：${i.reason}`, { extensionDecision: { approved: false } });
	},
	'pause-start': (f, _a, i, at, c) => {
		const refused = pauseRefusal(f, at, c);
		if (refused) return { ok: false, ...refused };
		return change('pause-start', f, {}, `听证，${currentClock(f, at, c).label}时限中止：${i.reason}`, { pauseStart: { reason: i.reason } });
	},
	'pause-end': (f) => (openPause(f) ? change('pause-end', f, {}, '听证结束，恢复计时', { pauseEnd: true }) : no('pause.none', 'action', '【恢复计时】计时未中止')),
	conclude: (f, _a, i) => {
		if (openPause(f)) return no('conclude.paused', 'action', '【办结】计时中止（听证）期间不能办结，请先恢复计时');
		const item = { outcome: i.outcome, decisionText: i.text };
		return change('conclude', f, item, `办结，出具信访处理意见书：${outcomes[i.outcome]}`);
	},
	evaluate: (f, a, i) => {
		if (f.satisfaction) return no('evaluate.twice', 'satisfaction', `【评价只能一次】该事项已评价为“${satisfactions[f.satisfaction]}”`);
		const via = a.role === 'petitioner' ? 'link' : 'staff';
		return change('evaluate', f, { satisfaction: i.satisfaction, evaluatedVia: via }, `评价：${satisfactions[i.satisfaction]}（${via === 'link' ? '信访人在线评价' : '工作人员据信访人答复录入'}）`);
	},
	'review-request': (f, _a, _i, at, c) => windowed(f, at, c, 'review-request', { kind: 'review', op: 'request' }, '复查申请'),
	'review-decide': (f, _a, i) => {
		if (!f.review || f.review.decidedAt) return no('appeal.state', 'action', '【复查意见】没有待出具意见的复查申请');
		return change('review-decide', f, {}, '出具复查意见', { appeal: { kind: 'review', op: 'decide', text: i.text } });
	},
	'recheck-request': (f, _a, _i, at, c) => windowed(f, at, c, 'recheck-request', { kind: 'recheck', op: 'request' }, '复核申请'),
	'recheck-decide': (f, _a, i) => {
		if (!f.recheck || f.recheck.decidedAt) return no('appeal.state', 'action', '【复核意见】没有待出具意见的复核申请');
		return change('recheck-decide', f, {}, '出具复核意见（终结意见）', { appeal: { kind: 'recheck', op: 'decide', text: i.text } });
	},
	close: (f, _a, _i, at, c) => {
		const clock = currentClock(f, at, c);
		if (clock.kind !== 'none') return no('close.running', 'action', `【终结】${clock.label}期限尚在运行（至 ${clock.due}），不能终结`);
		return change('close', f, {}, `终结：${clock.basis}`);
	},
	'send-back': (f, _a, i) => {
		const item = { concludedAt: null, repliedAt: null, outcome: null, decisionText: null, satisfaction: null, evaluatedAt: null, evaluatedVia: null };
		return change('send-back', f, item, `退回重办：${i.reason}`);
	}
};

/** 转送交办 and 改派 hand the item only to a unit of its place or of one above it (属地管理, unit-place.ts). */
function outsidePlace(f: LifeFacts, i: { unitId: number; unitRegion: string; unitName?: string }): Plan | null {
	if (unitServesPlace(i.unitRegion, f.place)) return null;
	const unit = i.unitName ?? `单位 ${i.unitId}`;
	return no('unit.place', 'unitId', `【属地管理】本事项属地为${f.place.name ?? f.region}，承办单位${placeRuleText(f.place, f.region)}；${unit}不是`);
}

/** 复查/复核 requests: only within the petitioner's 30-day window (第34、35条). */
function windowed(f: LifeFacts, at: Date, c: Config, kind: 'review-request' | 'recheck-request', appeal: Changes['appeal'], label: string): Plan {
	const clock = currentClock(f, at, c);
	if (clock.kind === kind) return change(kind, f, {}, `登记${label}`, { appeal });
	if (kind === 'recheck-request' && (!f.review || !f.review.decidedAt)) return no('appeal.state', 'action', '【复核申请】复查意见尚未出具');
	const days = c.rules.limits[kind === 'review-request' ? 'reviewRequest' : 'recheckRequest'].days;
	const law = kind === 'review-request' ? '第34条' : '第35条';
	const from = kind === 'review-request' ? '收到处理意见书' : '收到复查意见书';
	return no(`${kind === 'review-request' ? 'review' : 'recheck'}.window`, 'action', `【${label}须在${from}之日起 ${days} 日内提出（《信访条例》${law}）】${clock.basis}`);
}

/** The action's plan: preconditions checked, changes listed (dated fields filled with `at`). */
export function planFor<A extends Action>(action: A, facts: LifeFacts, actor: Actor, input: Inputs[A], at: Date, config: Config): Plan {
	const plan = (planners[action] as Planner<A>)(facts, actor, input, at, config);
	if (!plan.ok) return plan;
	const item = plan.changes.item;
	// the dated columns each step stamps
	const stamps: Partial<Record<Action, (keyof typeof item)[]>> = {
		route: ['routedAt'],
		reassign: ['routedAt'],
		accept: ['acceptedAt'],
		reject: ['rejectedAt'],
		'refuse-again': ['rejectedAt'],
		conclude: ['concludedAt', 'repliedAt'],
		evaluate: ['evaluatedAt'],
		close: ['closedAt'],
		// the acceptance keeps its date (受理告知 was met or missed then); the 办结 clock restarts from here
		'send-back': ['reopenedAt'],
		divert: ['divertedAt']
	};
	for (const key of stamps[action] ?? []) (item as Record<string, unknown>)[key] = at;
	if (action === 'refuse-again' && !facts.routedAt) item.routedAt = at;
	return plan;
}
