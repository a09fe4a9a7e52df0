/**
 * 信访事项的全过程: whether an actor may take an action on an item at an instant, and if so what
 * it changes. Pure: the facts, the actor, the input and the instant come in; the changes (or a
 * refusal naming the rule) go out. The service writes them in one transaction.
 */
import { currentClock, type Config, type ItemFacts } from './clocks.ts';
import { who as whoRefusal, inputRefusal, type Refusal } from './lifecycle-guards.ts';
import { planFor } from './lifecycle-plans.ts';
import { transitions, type Action, type Outcome } from './lifecycle-table.ts';
import type { Role } from './access.ts';
import type { ItemType, Satisfaction, Status, Track } from './vocabulary.ts';
import { localMinute } from '../time.ts';
import type { Place } from './unit-place.ts';

export { transitions, actions, outcomes, whoLabels, type Action, type Outcome, type Who } from './lifecycle-table.ts';
export type { Refusal } from './lifecycle-guards.ts';

/**
 * Who acts. A signed-in account (its role, scope and unit; `unitHead` marks a 单位负责人), an
 * upstream system ('api', with its scope), or the petitioner through a one-time link.
 */
export type Actor = { role: Role | 'api' | 'petitioner'; scope: string; unitId: number | null; unitHead?: boolean; name: string };

/** An item as the lifecycle reads it: the clocks' facts and what else the rules look at. */
export type LifeFacts = ItemFacts & {
	id: string;
	region: string;
	/** the item's place and those above it: the units that may handle it (属地管理, unit-place.ts) */
	place: Place;
	/** 信访事项类型: only 申诉求决类 (appeal) can be diverted */
	type: ItemType;
	unitId: number | null;
	satisfaction: Satisfaction | null;
	/** the open 申请延期, if any */
	pendingExtension: { days: number; reason: string; requestedAt: Date } | null;
	/** the latest instant anything happened to the item: a later event may not come before it */
	lastAt: Date;
};

/** What each action takes; the service and the pages validate the same shapes. */
export type Inputs = {
	route: { unitId: number; unitRegion: string; unitName?: string };
	reassign: { unitId: number; unitRegion: string; unitName?: string; reason: string };
	accept: Record<string, never>;
	reject: { reason: string; noticeOn: string };
	'refuse-again': { reason: string; noticeOn: string; prior: { id: string; serial: string; concludedThroughAppeal: boolean } | null };
	divert: { track: Track; reason: string };
	start: Record<string, never>;
	'extend-request': { days: number; reason: string };
	'extend-approve': Record<string, never>;
	'extend-deny': { reason: string };
	'pause-start': { reason: string };
	'pause-end': Record<string, never>;
	conclude: { outcome: Outcome; text: string };
	evaluate: { satisfaction: Satisfaction };
	'review-request': Record<string, never>;
	'review-decide': { text: string };
	'recheck-request': Record<string, never>;
	'recheck-decide': { text: string };
	close: Record<string, never>;
	'send-back': { reason: string };
};

/** The item's columns an action sets (null clears). */
export type ItemChanges = Partial<{
	status: Status;
	unitId: number | null;
	routedAt: Date | null;
	acceptedAt: Date | null;
	rejectedAt: Date | null;
	concludedAt: Date | null;
	reopenedAt: Date | null;
	repliedAt: Date | null;
	closedAt: Date | null;
	outcome: Outcome | null;
	decisionText: string | null;
	noticeOn: string | null;
	satisfaction: Satisfaction | null;
	evaluatedAt: Date | null;
	evaluatedVia: 'staff' | 'link' | null;
	extendedDays: number;
	acceptDue: string | null;
	concludeDue: string | null;
	repeatOf: string | null;
	track: Track;
	divertedAt: Date | null;
}>;

/** Everything a transition writes besides the item row. */
export type Changes = {
	action: Action;
	item: ItemChanges;
	extension?: { days: number; approvedBy: string; reason: string };
	extensionRequest?: { days: number; reason: string };
	extensionDecision?: { approved: boolean };
	pauseStart?: { reason: string };
	pauseEnd?: true;
	appeal?: { kind: 'review' | 'recheck'; op: 'request' | 'decide'; text?: string };
	/** the petition_event row */
	event: { from: Status; to: Status; note: string };
};

export type Decision = { ok: true; changes: Changes } | ({ ok: false } & Refusal);

/**
 * Decides one transition. Refusals come in the order a person would want to hear them: who may
 * act, the state, the input, the time order, then the action's own preconditions.
 */
export function decide<A extends Action>(facts: LifeFacts, actor: Actor, action: A, input: Inputs[A], at: Date, config: Config): Decision {
	const rule = transitions[action];
	if (!rule) return { ok: false, rule: 'action', field: 'action', message: `未知的办理操作：${String(action).slice(0, 40)}` };
	const denied = whoRefusal(rule, facts, actor);
	if (denied) return { ok: false, ...denied };
	if (!(rule.from as readonly Status[]).includes(facts.status))
		return {
			ok: false,
			rule: 'state',
			field: 'action',
			message: `【状态】事项当前为“${statusLabel(facts.status)}”，不能${rule.label}（仅限${rule.from.map(statusLabel).join('、')}）`
		};
	const bad = inputRefusal(action, input, at);
	if (bad) return { ok: false, ...bad };
	if (at < facts.lastAt)
		return {
			ok: false,
			rule: 'order',
			field: 'at',
			message: `【时序】${rule.label}的时间 ${stamp(at)} 早于该事项最近一次办理 ${stamp(facts.lastAt)}，已不能按时间顺序补入`
		};
	const plan = planFor(action, facts, actor, input as never, at, config);
	if (!plan.ok) return plan;
	const changes = plan.changes;
	// the due dates shown in lists follow the clock that now runs
	const after = applied(facts, changes, at);
	const clock = currentClock(after, at, config);
	if (clock.kind === 'accept') changes.item.acceptDue = clock.due;
	if (clock.kind === 'conclude') changes.item.concludeDue = clock.due;
	return { ok: true, changes };
}

/** The facts as they will be once the changes are written (for the clocks that then run). */
export function applied(facts: LifeFacts, changes: Changes, at: Date): LifeFacts {
	const { item } = changes;
	const next: LifeFacts = { ...facts, extensions: [...(facts.extensions ?? [])], pauses: [...(facts.pauses ?? [])] };
	for (const key of ['status', 'unitId', 'routedAt', 'acceptedAt', 'rejectedAt', 'concludedAt', 'reopenedAt', 'repliedAt', 'closedAt', 'satisfaction', 'track', 'divertedAt'] as const)
		if (key in item) (next as Record<string, unknown>)[key] = item[key];
	if (changes.extension) next.extensions!.push({ ...changes.extension, at });
	if (changes.pauseStart) next.pauses!.push({ from: at, to: null, reason: changes.pauseStart.reason, by: '' });
	if (changes.pauseEnd) next.pauses = next.pauses!.map((p) => (p.to ? p : { ...p, to: at }));
	if (changes.appeal) {
		const { kind, op } = changes.appeal;
		next[kind] = op === 'request' ? { requestedAt: at, decidedAt: null } : { ...next[kind]!, decidedAt: at, repliedAt: at };
	}
	next.lastAt = at;
	return next;
}

const statusLabels: Record<Status, string> = {
	registered: '登记',
	routed: '已转送交办',
	accepted: '已受理',
	rejected: '不予受理',
	handling: '办理中',
	concluded: '已办结',
	review: '复查',
	recheck: '复核',
	closed: '已终结',
	diverted: '已导入其他程序'
};
export const statusLabel = (s: Status) => statusLabels[s] ?? s;
const stamp = localMinute;
