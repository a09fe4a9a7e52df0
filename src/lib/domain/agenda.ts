import { daysBetween, localDate } from './deadlines.ts';
import { followUpLight } from './follow-ups.ts';
import type { MeetingDiff, SnapshotFacts } from './meetings.ts';

export const agendaKinds = {
	review: '上次会议议定事项落实情况',
	overdue: '逾期未办结事项',
	stalled_case: '包案化解滞后',
	group: '群体访风险',
	skip_level: '越级·信访上行风险',
	falling_rate: '按期办结率下降单位',
	ignored_letter: '督办函逾期未反馈',
	custom: '其他议题'
} as const;
export type AgendaKind = keyof typeof agendaKinds;

export type AgendaRef = { itemIds?: number[]; caseId?: number; unitId?: number; letterId?: number; meetingId?: number };
export type ProposedAgendaItem = { kind: AgendaKind; title: string; detail: string; ref: AgendaRef };

/** What the proposal needs from the frozen wall document besides the facts. */
export type AgendaInputs = {
	overdueItems: { id: number; serial: string; unit: string | null; clockDue: string | null }[];
	/** risk items (from the facts) with what kind of risk they are */
	riskItems: { id: number; serial: string; headcount: number; skipLevel: boolean; regionName: string }[];
	minVolume: number;
	/** 群体访: this many people or more (the rules' groupThreshold at the freeze) */
	groupThreshold: number;
};

const TOP = 5;

/**
 * The agenda the rules propose, in this order: the oldest overdue items, 包案 past their deadline
 * or without progress since the last meeting, new group-visit and 越级 risks, units whose 按期办结率
 * fell (at the minimum volume), letters whose feedback is overdue. Staff then reorder, edit and
 * annotate it; nothing here is final.
 */
export function proposeAgenda(facts: SnapshotFacts, diff: MeetingDiff, inputs: AgendaInputs): ProposedAgendaItem[] {
	const out: ProposedAgendaItem[] = [];
	const today = facts.today;
	const overdue = inputs.overdueItems.slice(0, TOP);
	if (overdue.length)
		out.push({
			kind: 'overdue',
			title: `逾期未办结事项 ${facts.overdue.length} 件（其中本期新增 ${diff.newlyOverdue.length} 件）`,
			detail: overdue.map((o) => `${o.serial}（${o.unit ?? '未交办'}，期限 ${o.clockDue ?? '—'}）`).join('；'),
			ref: { itemIds: overdue.map((o) => o.id) }
		});
	const stalled = facts.cases
		.filter((c) => c.status === 'resolving' && (c.deadline < today || diff.casesStalled.some((s) => s.id === c.id)))
		.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id - b.id)
		.slice(0, TOP);
	for (const c of stalled)
		out.push({
			kind: 'stalled_case',
			title: `包案「${c.title}」${c.deadline < today ? `超期 ${daysBetween(c.deadline, today)} 天` : '自上次会议以来无进展'}`,
			detail: `限期化解 ${c.deadline}；最近进展 ${c.lastNoteAt ? localDate(new Date(c.lastNoteAt)) : '无'}`,
			ref: { caseId: c.id }
		});
	const fresh = new Set(diff.newRisks);
	const risks = inputs.riskItems.filter((r) => fresh.has(r.id));
	const groups = risks.filter((r) => r.headcount >= inputs.groupThreshold);
	const skips = risks.filter((r) => r.skipLevel && r.headcount < inputs.groupThreshold);
	if (groups.length)
		out.push({ kind: 'group', title: `新增群体访风险 ${groups.length} 批`, detail: groups.slice(0, TOP).map((r) => `${r.serial}（${r.regionName}，${r.headcount} 人）`).join('；'), ref: { itemIds: groups.map((r) => r.id) } });
	if (skips.length)
		out.push({ kind: 'skip_level', title: `新增越级访 ${skips.length} 件`, detail: skips.slice(0, TOP).map((r) => `${r.serial}（${r.regionName}）`).join('；'), ref: { itemIds: skips.map((r) => r.id) } });
	for (const r of diff.rateChanges.filter((r) => r.change !== null && r.change < 0 && r.due >= inputs.minVolume).slice(0, TOP))
		out.push({
			kind: 'falling_rate',
			title: `${r.name}按期办结率下降 ${pts(r.change!)}`,
			detail: `由 ${pct(r.before)} 降至 ${pct(r.after)}（到期事项 ${r.due} 件）`,
			ref: { unitId: r.unitId }
		});
	const ignored = facts.letters.filter((l) => l.status === 'overdue' || (['issued', 'delivered', 'signed'].includes(l.status) && l.feedbackDue < today));
	for (const l of ignored.slice(0, TOP))
		out.push({ kind: 'ignored_letter', title: `${l.number}逾期未反馈`, detail: `${l.unit}，反馈期限 ${l.feedbackDue}`, ref: { letterId: l.id } });
	return out;
}

/** A decision of the previous meeting as the review reads it. */
export type PastDecision = { text: string; unitName: string; person: string; due: string; done: boolean };

/**
 * 上次会议议定事项落实情况: the item every meeting after a region's first opens with — each
 * decision of the previous meeting with its owner, deadline and state as of the freeze.
 */
export function reviewAgendaItem(previous: { id: number; title: string }, decisions: PastDecision[], now: Date, yellowDays: number): ProposedAgendaItem {
	const states = decisions.map((d) => ({ d, clock: followUpLight(d.due, d.done, now, yellowDays) }));
	const done = states.filter((s) => s.d.done).length;
	const late = states.filter((s) => s.clock.light === 'red').length;
	const title = decisions.length
		? `上次会议议定事项落实情况：${decisions.length} 项，已办结 ${done} 项${late ? `，逾期 ${late} 项` : ''}`
		: '上次会议议定事项落实情况：上次会议未议定事项';
	const lines = states.map(({ d, clock }, i) => `${i + 1}. ${d.text}（${d.unitName} · ${d.person} · 期限 ${d.due} · ${clock.label}）`);
	let detail = `回顾「${previous.title}」`;
	for (const line of lines) {
		if (detail.length + line.length + 1 > 1990) {
			detail += '；…';
			break;
		}
		detail += `；${line}`;
	}
	return { kind: 'review', title: title.slice(0, 120), detail, ref: { meetingId: previous.id } };
}

export const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const pts = (v: number) => `${Math.abs(v * 100).toFixed(1)} 个百分点`;
