/**
 * Rules propose letters: given the flagged items, the letters already sent and the clock, which
 * letter of which kind to which unit, about which items, and the evidence for it. Staff see the
 * proposal pre-filled and decide; nothing is issued here.
 */
import { localDate } from './deadlines.ts';
import { escalation, awaitingFeedback, type LetterStatus } from './letters.ts';
import { letterKinds, type LetterKind, type LetterRules } from './letter-rules.ts';

/** What the proposal rules need of a flagged item (the workspace's queue row, plus counts). */
export type FlaggedItem = {
	id: string;
	serial: string;
	unitId: number | null;
	unitName: string | null;
	/** days past the running clock's due date (0 unless its light is red) */
	daysOverdue: number;
	/** days since anything last happened on the item (its newest event) */
	stalledDays: number;
	/** earlier items of the same person and matter (0 for a first petition) */
	repeatCount: number;
	skipLevel: boolean;
	/** 信访上行: this repeat was received above the body that had the matter before — the climb in words, else null */
	upward?: string | null;
	headcount: number;
	open: boolean;
};

/** A letter already issued, as far as the rules care. */
export type EarlierLetter = {
	id: number;
	number: string;
	kind: LetterKind;
	recipientUnitId: number;
	status: LetterStatus;
	feedbackDue: string;
	/** the letter issued to follow this one up, if any */
	escalatedTo: number | null;
	/** the kind of the earlier letter this one was issued to follow up (null: issued on its own, or that letter was withdrawn) */
	followsKind: LetterKind | null;
	itemIds: string[];
};

export type EvidenceKind = 'overdue' | 'stalled' | 'repeat' | 'skip_level' | 'upward' | 'group' | 'sensitive' | 'ignored_letter' | 'serious_overdue';
export type Evidence = { kind: EvidenceKind; itemId: string | null; letterId: number | null; text: string };

export type Proposal = {
	kind: LetterKind;
	recipientUnitId: number;
	recipientName: string;
	itemIds: string[];
	evidence: Evidence[];
	/** the earlier letters this one follows up (escalation) */
	follows: number[];
	/** a reason staff may edit, written from the evidence */
	reason: string;
};

export type ProposalRules = { letters: LetterRules; groupThreshold: number; groupWarning: { nearThreshold: number } };

const ORDER: LetterKind[] = ['accountability', 'risk', 'supervise'];

/** The sensitive period `now` falls in, if any. */
export function sensitivePeriodAt(now: Date, letters: LetterRules) {
	const today = localDate(now);
	return letters.triggers.risk.sensitivePeriods.find((p) => p.from <= today && today <= p.to) ?? null;
}

/** Evidence of each kind for one item, by kind of letter it supports. */
function itemEvidence(item: FlaggedItem, now: Date, rules: ProposalRules, supervised: boolean): Partial<Record<LetterKind, Evidence[]>> {
	const t = rules.letters.triggers;
	const out: Partial<Record<LetterKind, Evidence[]>> = {};
	const add = (kind: LetterKind, e: Omit<Evidence, 'itemId' | 'letterId'>) => (out[kind] ??= []).push({ ...e, itemId: item.id, letterId: null });
	if (!item.open) return out;
	// the ladder: 问责 only for an item that already had a 督办函 (unless the rules let it skip the step)
	if (item.daysOverdue >= t.accountability.seriousOverdueDays && !supervised && !rules.letters.accountabilitySkipsLadder)
		add('supervise', { kind: 'serious_overdue', text: `${item.serial} 逾期 ${item.daysOverdue} 天，已达严重逾期（${t.accountability.seriousOverdueDays} 天），尚未发过督办函` });
	else if (item.daysOverdue >= t.accountability.seriousOverdueDays)
		add('accountability', { kind: 'serious_overdue', text: `${item.serial} 逾期 ${item.daysOverdue} 天，已达严重逾期（${t.accountability.seriousOverdueDays} 天）` });
	else if (item.daysOverdue >= Math.max(1, t.supervise.overdueDays)) add('supervise', { kind: 'overdue', text: `${item.serial} 逾期 ${item.daysOverdue} 天未办结` });
	if (item.stalledDays >= t.supervise.stalledDays) add('supervise', { kind: 'stalled', text: `${item.serial} 已 ${item.stalledDays} 天无办理进展` });
	const period = sensitivePeriodAt(now, rules.letters);
	const repeatAt = period ? 1 : t.risk.repeatCount;
	const groupAt = period ? rules.groupWarning.nearThreshold : rules.groupThreshold;
	if (item.repeatCount >= repeatAt) add('risk', { kind: 'repeat', text: `${item.serial} 同一事项已重复信访 ${item.repeatCount} 次` });
	if (t.risk.skipLevel && item.skipLevel) add('risk', { kind: 'skip_level', text: `${item.serial} 为越级上访` });
	if (t.risk.upward !== false && item.upward) add('risk', { kind: 'upward', text: `${item.serial} ${item.upward}` });
	if (item.headcount >= groupAt) add('risk', { kind: 'group', text: `${item.serial} 涉及 ${item.headcount} 人${item.headcount >= rules.groupThreshold ? '，属群体访' : '，有形成群体访的风险'}` });
	if (period && out.risk) out.risk.push({ kind: 'sensitive', itemId: item.id, letterId: null, text: `正值${period.name}（${period.from} 至 ${period.to}）敏感时期` });
	return out;
}

function reasonOf(kind: LetterKind, unit: string, evidence: Evidence[]): string {
	const facts = [...new Set(evidence.map((e) => e.text))].join('；');
	switch (kind) {
		case 'supervise':
			return `经督查，${unit}承办的信访事项存在以下问题：${facts}。请你单位高度重视，依法按期办理，并按期书面反馈办理情况。`;
		case 'risk':
			return `经研判，${unit}承办的信访事项存在以下风险：${facts}。请你单位及时落实稳控和化解措施，防止矛盾激化，并按期书面反馈。`;
		case 'accountability':
			return `${unit}存在以下问题：${facts}。建议对相关责任人依规依纪予以问责，并将处理结果书面反馈。`;
	}
}

/**
 * Proposals, one per recipient unit and kind, most serious first. An item already in an open
 * letter of the same kind is left out (no second letter about the same thing); an item that calls
 * for 问责 is not also proposed for 督办.
 */
export function proposeLetters(items: FlaggedItem[], earlier: EarlierLetter[], now: Date, rules: ProposalRules): Proposal[] {
	const open = new Map<LetterKind, Set<string>>(ORDER.map((k) => [k, new Set()]));
	for (const l of earlier) if (awaitingFeedback(l.status) || l.status === 'replied') for (const id of l.itemIds) open.get(l.kind)!.add(id);
	const groups = new Map<string, Proposal>();
	const names = new Map(items.filter((i) => i.unitId !== null).map((i) => [i.unitId!, i.unitName ?? `单位 ${i.unitId}`]));
	const groupOf = (kind: LetterKind, unitId: number) => {
		const key = `${kind}:${unitId}`;
		let p = groups.get(key);
		if (!p) groups.set(key, (p = { kind, recipientUnitId: unitId, recipientName: names.get(unitId) ?? `单位 ${unitId}`, itemIds: [], evidence: [], follows: [], reason: '' }));
		return p;
	};
	// ignored letters climb the ladder 督办函 → 风险提醒函 → 问责建议函, following them with their items
	const follow = (l: EarlierLetter, kind: LetterKind, daysPastDue: number) => {
		if (open.get(kind)!.size && l.itemIds.every((id) => open.get(kind)!.has(id))) return;
		const p = groupOf(kind, l.recipientUnitId);
		p.follows.push(l.id);
		p.evidence.push({ kind: 'ignored_letter', itemId: null, letterId: l.id, text: `${l.number}逾期 ${daysPastDue} 天未反馈` });
		for (const id of l.itemIds) if (!p.itemIds.includes(id) && !open.get(kind)!.has(id)) p.itemIds.push(id);
	};
	// 问责建议函 is for "a unit that ignored earlier 督办函" (DOMAIN.md): what counts toward it is a
	// 风险提醒函 that itself followed an ignored 督办函 and was ignored in turn — the unit ignored both
	// steps below 问责. A 风险提醒函 sent on its own (risk signals) and ignored enters the ladder at its
	// first step, a 督办函, as a seriously overdue item never sent one does — unless the rules let a
	// 问责建议函 skip that step.
	const ignored = new Map<number, { letter: EarlierLetter; daysPastDue: number }[]>();
	for (const l of earlier) {
		const next = escalation(l, now, rules.letters);
		if (!next) continue;
		if (next.kind !== 'accountability') follow(l, next.kind, next.daysPastDue);
		else if (l.followsKind === 'supervise' || rules.letters.accountabilitySkipsLadder)
			(ignored.get(l.recipientUnitId) ?? ignored.set(l.recipientUnitId, []).get(l.recipientUnitId)!).push({ letter: l, daysPastDue: next.daysPastDue });
		else follow(l, 'supervise', next.daysPastDue);
	}
	for (const [unitId, letters] of ignored) {
		if (letters.length < rules.letters.triggers.accountability.ignoredLetters) continue;
		const p = groupOf('accountability', unitId);
		for (const { letter: l, daysPastDue } of letters) {
			// the ignored 督办函 it followed, while still on file (closed letters are not)
			for (const before of earlier.filter((e) => e.escalatedTo === l.id && e.kind === 'supervise'))
				p.evidence.push({ kind: 'ignored_letter', itemId: null, letterId: before.id, text: `${before.number}${awaitingFeedback(before.status) ? '逾期未反馈' : '未按期反馈'}` });
			p.follows.push(l.id);
			p.evidence.push({ kind: 'ignored_letter', itemId: null, letterId: l.id, text: `${l.number}逾期 ${daysPastDue} 天未反馈` });
			for (const id of l.itemIds) if (!p.itemIds.includes(id) && !open.get('accountability')!.has(id)) p.itemIds.push(id);
		}
	}
	const supervised = new Set(earlier.filter((l) => l.kind === 'supervise' && l.status !== 'void').flatMap((l) => l.itemIds));
	for (const item of items) {
		if (item.unitId === null) continue;
		const found = itemEvidence(item, now, rules, supervised.has(item.id));
		for (const kind of ORDER) {
			const evidence = found[kind];
			if (!evidence || open.get(kind)!.has(item.id)) continue;
			if (kind === 'supervise' && groups.get(`accountability:${item.unitId}`)?.itemIds.includes(item.id)) continue;
			const p = groupOf(kind, item.unitId);
			if (!p.itemIds.includes(item.id)) p.itemIds.push(item.id);
			p.evidence.push(...evidence);
		}
	}
	const proposals = [...groups.values()].filter((p) => p.evidence.length > 0);
	for (const p of proposals) p.reason = reasonOf(p.kind, p.recipientName, p.evidence);
	return proposals.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || b.itemIds.length - a.itemIds.length || a.recipientUnitId - b.recipientUnitId);
}

/**
 * A letter started by hand from items the staff chose: one unit per letter. The proposal rules
 * still say what they know of the items; a kind may be chosen that no rule proposed.
 */
export function manualProposal(kind: LetterKind, items: FlaggedItem[], earlier: EarlierLetter[], now: Date, rules: ProposalRules): Proposal | { error: string } {
	if (items.length === 0) return { error: '请至少选择一件信访事项' };
	const units = new Set(items.map((i) => i.unitId));
	if (units.has(null)) return { error: `${items.find((i) => i.unitId === null)!.serial} 尚未确定责任单位，不能发函` };
	if (units.size > 1) return { error: '所选事项分属不同责任单位，一份函件只能主送一个单位，请分别发函' };
	const proposed = proposeLetters(items, earlier, now, rules).find((p) => p.kind === kind);
	const unitId = items[0].unitId!;
	const evidence = proposed?.evidence ?? [];
	const name = items[0].unitName ?? `单位 ${unitId}`;
	return {
		kind,
		recipientUnitId: unitId,
		recipientName: name,
		itemIds: items.map((i) => i.id),
		evidence,
		follows: proposed?.follows ?? [],
		reason: evidence.length ? reasonOf(kind, name, evidence) : `请${name}对所列信访事项依法处理，并按期书面反馈${letterKinds[kind].slice(0, 2)}落实情况。`
	};
}

/**
 * The ladder (督办函 → 风险提醒函 → 问责建议函) for a letter chosen by hand: a 问责建议函 on items
 * that never had a 督办函 (none, or only 作废 ones) skips its step. The serials of those items;
 * none when the ladder holds, the kind is another, or the rules let a 问责建议函 skip it. A
 * 风险提醒函 on the items is not asked for: a 问责建议函 may rest on a 督办函 alone (a seriously
 * overdue item after its 督办函, which the proposal rules propose for 问责).
 */
export function ladderGaps(kind: LetterKind, items: Pick<FlaggedItem, 'id' | 'serial'>[], earlier: Pick<EarlierLetter, 'kind' | 'status' | 'itemIds'>[], letters: LetterRules): string[] {
	if (kind !== 'accountability' || letters.accountabilitySkipsLadder) return [];
	const supervised = new Set(earlier.filter((l) => l.kind === 'supervise' && l.status !== 'void').flatMap((l) => l.itemIds));
	return items.filter((i) => !supervised.has(i.id)).map((i) => i.serial);
}

/** The fewest characters of a stated reason to skip the ladder. */
export const LADDER_REASON_MIN = 10;

/**
 * A 问责建议函 that skips the ladder needs a stated reason (the facts: shirking or faking that
 * caused serious consequences); without one it is refused, naming the field 越级理由 and the items.
 */
export function ladderRefusal(gaps: string[], reason: string | null | undefined): string | null {
	if (gaps.length === 0) return null;
	if (Array.from((reason ?? '').trim()).length >= LADDER_REASON_MIN) return null;
	const which = gaps.length > 3 ? `${gaps.slice(0, 3).join('、')}等 ${gaps.length} 件事项` : gaps.join('、');
	return `越级理由：${which}未曾发过督办函，问责建议函应在督办函之后。确需越级发函（如推诿敷衍已造成严重后果），请在“越级理由”中写明事实，不少于 ${LADDER_REASON_MIN} 个字`;
}
