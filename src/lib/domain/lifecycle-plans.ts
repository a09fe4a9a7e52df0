/**
 * Each action's own preconditions and what it changes, once the table has allowed the actor and
 * the state. The clock rules (extension, pause, request windows) are read from currentClock.
 */
import { citationText } from './rules.ts';
import { clockLabels, currentClock, daysLeft, type Config } from './clocks.ts';
import { localDate } from './deadlines.ts';
import { outcomes, transitions, type Action } from './lifecycle-table.ts';
import type { Refusal } from './lifecycle-guards.ts';
import type { Actor, Changes, Inputs, LifeFacts } from './lifecycle.ts';
import { MAX_EXTENSION_DAYS } from './statute.ts';
import { satisfactions, type Status } from './vocabulary.ts';

type Plan = { ok: true; changes: Changes } | ({ ok: false } & Refusal);

const no = (rule: string, field: string, message: string): Plan => ({ ok: false, rule, field, message });

function change(action: Action, facts: LifeFacts, item: Changes['item'], note: string, extra: Partial<Changes> = {}): Plan {
	const to = transitions[action].to;
	const next: Status = to === 'same' ? facts.status : to;
	if (to !== 'same') item.status = to;
	return { ok: true, changes: { action, item, event: { from: facts.status, to: next, note }, ...extra } };
}

/** Days of extension already approved (the statute caps the total). */
export const approvedDays = (facts: LifeFacts) => (facts.extensions ?? []).reduce((n, e) => n + e.days, 0);
const openPause = (facts: LifeFacts) => (facts.pauses ?? []).find((p) => p.to === null) ?? null;

/** 延期 only while the 办结 clock runs (第33条): not after it expired, not beyond 30 days in all. */
function extensionRefusal(facts: LifeFacts, days: number, at: Date, config: Config): Plan | null {
	const clock = currentClock(facts, at, config);
	if (clock.kind !== 'conclude') return no('extension.clock', 'days', '【延期须在办结期限内】当前没有运行中的办结时限');
	const left = daysLeft(clock, at)!;
	if (left < 0) return no('extension.expired', 'days', `【延期须在办结期限届满前批准（《信访条例》第33条）】办结期限已于 ${clock.due} 届满`);
	const used = approvedDays(facts);
	if (used + days > MAX_EXTENSION_DAYS)
		return no('extension.cap', 'days', `【延期合计不得超过 ${MAX_EXTENSION_DAYS} 日（《信访条例》第33条）】已批准 ${used} 日，最多还可延期 ${MAX_EXTENSION_DAYS - used} 日`);
	return null;
}

type Planner<A extends Action> = (facts: LifeFacts, actor: Actor, input: Inputs[A], at: Date, config: Config) => Plan;

const planners: { [A in Action]: Planner<A> } = {
	route: (f, _a, i) => change('route', f, { unitId: i.unitId }, `转送交办至${i.unitName ?? `单位 ${i.unitId}`}`),
	reassign: (f, _a, i) => {
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
	start: (f) => change('start', f, {}, '开始办理'),
	'extend-request': (f, _a, i, at, c) => {
		if (f.pendingExtension) return no('extension.pending', 'days', `【延期申请】已有待批准的延期申请（${f.pendingExtension.days} 日）`);
		return extensionRefusal(f, i.days, at, c) ?? change('extend-request', f, {}, `申请延期 ${i.days} 日：${i.reason}`, { extensionRequest: { days: i.days, reason: i.reason } });
	},
	'extend-approve': (f, a, _i, at, c) => {
		const req = f.pendingExtension;
		if (!req) return no('extension.none', 'action', '【批准延期】没有待批准的延期申请');
		const refused = extensionRefusal(f, req.days, at, c);
		if (refused) return refused;
		const extension = { days: req.days, approvedBy: a.name, reason: req.reason };
		const item = { extendedDays: Math.min(MAX_EXTENSION_DAYS, approvedDays(f) + req.days) };
		return change('extend-approve', f, item, `批准延期 ${req.days} 日：${req.reason}`, { extension, extensionDecision: { approved: true } });
	},
	'extend-deny': (f, _a, i) => {
		if (!f.pendingExtension) return no('extension.none', 'action', '【不批准延期】没有待批准的延期申请');
		return change('extend-deny', f, {}, `不批准延期：${i.reason}`, { extensionDecision: { approved: false } });
	},
	'pause-start': (f, _a, i, at, c) => {
		if (openPause(f)) return no('pause.open', 'reason', '【中止计时】计时已中止，请先恢复计时');
		const clock = currentClock(f, at, c);
		if (clock.kind === 'none' || clock.owner !== 'office') return no('pause.not-running', 'reason', '【中止计时只能在时限运行中】当前没有运行中的办理时限');
		if (daysLeft(clock, at)! < 0) return no('pause.expired', 'reason', `【中止不能恢复已届满的期限】${clock.label}期限已于 ${clock.due} 届满`);
		if (!(c.rules.pausableClocks as readonly string[]).includes(clock.kind)) {
			const cite = clock.citations.map(citationText).join('；');
			return no('pause.not-pausable', 'reason', `【可中止的时限】按现行规则，${clock.label}时限不因听证中止（${cite}）`);
		}
		return change('pause-start', f, {}, `听证，${clockLabels[clock.kind]}时限中止：${i.reason}`, { pauseStart: { reason: i.reason } });
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
		'send-back': ['acceptedAt']
	};
	for (const key of stamps[action] ?? []) (item as Record<string, unknown>)[key] = at;
	if (action === 'refuse-again' && !facts.routedAt) item.routedAt = at;
	return plan;
}
