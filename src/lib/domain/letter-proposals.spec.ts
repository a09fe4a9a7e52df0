import { describe, expect, it } from 'vitest';
import { DEFAULT_LETTER_RULES } from './letter-rules.ts';
import { LADDER_REASON_MIN, ladderGaps, ladderRefusal, manualProposal, proposeLetters, sensitivePeriodAt, type EarlierLetter, type FlaggedItem, type ProposalRules } from './letter-proposals.ts';
import { t } from './spec-support.ts';

const rules: ProposalRules = { letters: structuredClone(DEFAULT_LETTER_RULES), groupThreshold: 5, groupWarning: { nearThreshold: 3 } };
const NOW = t('2026-12-01 10:00');

let n = 0;
const item = (x: Partial<FlaggedItem> = {}): FlaggedItem => {
	n++;
	return { id: String(n), serial: `370102-20261001-${String(n).padStart(6, '0')}`, unitId: 7, unitName: '历下区人社局', daysOverdue: 0, stalledDays: 0, repeatCount: 0, skipLevel: false, headcount: 1, open: true, ...x };
};
const letter = (x: Partial<EarlierLetter> = {}): EarlierLetter => ({
	id: 1, number: '鲁信督函〔2026〕3号', kind: 'supervise', recipientUnitId: 7, status: 'signed', feedbackDue: '2026-11-20', escalatedTo: null, followsKind: null, itemIds: [], ...x
});

describe('proposeLetters', () => {
	it('proposes nothing for items in time', () => {
		expect(proposeLetters([item(), item({ stalledDays: 19 })], [], NOW, rules)).toEqual([]);
	});

	it('groups overdue and stalled items of one unit into one 督办函, with the evidence', () => {
		const a = item({ daysOverdue: 3 });
		const b = item({ stalledDays: 25 });
		const [p, ...rest] = proposeLetters([a, b], [], NOW, rules);
		expect(rest).toEqual([]);
		expect(p).toMatchObject({ kind: 'supervise', recipientUnitId: 7, recipientName: '历下区人社局', itemIds: [a.id, b.id], follows: [] });
		expect(p.evidence.map((e) => [e.kind, e.itemId])).toEqual([['overdue', a.id], ['stalled', b.id]]);
		expect(p.reason).toContain(`${a.serial} 逾期 3 天未办结`);
		expect(p.reason).toContain(`${b.serial} 已 25 天无办理进展`);
	});

	it('makes one letter per unit', () => {
		const proposals = proposeLetters([item({ daysOverdue: 2 }), item({ daysOverdue: 2, unitId: 8, unitName: '市中区住建局' })], [], NOW, rules);
		expect(proposals.map((p) => p.recipientUnitId).sort()).toEqual([7, 8]);
	});

	it('leaves out items without a unit, concluded items, and items already in an open letter of the kind', () => {
		const covered = item({ daysOverdue: 5 });
		const proposals = proposeLetters(
			[item({ daysOverdue: 5, unitId: null }), item({ daysOverdue: 5, open: false }), covered],
			[letter({ itemIds: [covered.id], feedbackDue: '2026-12-20' })],
			NOW,
			rules
		);
		expect(proposals).toEqual([]);
	});

	it('proposes again once the earlier letter is closed', () => {
		const covered = item({ daysOverdue: 5 });
		expect(proposeLetters([covered], [letter({ itemIds: [covered.id], status: 'closed' })], NOW, rules)[0]?.itemIds).toEqual([covered.id]);
	});

	it('proposes a 风险提醒函 for repeats, 越级 and group visits', () => {
		const repeat = item({ repeatCount: 2 });
		const skip = item({ skipLevel: true });
		const group = item({ headcount: 6 });
		const near = item({ headcount: 4 });
		const [p, ...rest] = proposeLetters([repeat, skip, group, near, item({ repeatCount: 1 })], [], NOW, rules);
		expect(rest).toEqual([]);
		expect(p.kind).toBe('risk');
		expect(p.evidence.map((e) => [e.kind, e.itemId])).toEqual([['repeat', repeat.id], ['skip_level', skip.id], ['group', group.id]]);
		expect(p.evidence[2].text).toContain('属群体访');
	});

	it('proposes a 风险提醒函 for a matter climbing the levels (信访上行), unless the rules set upward: false', () => {
		const climbing = item({ repeatCount: 1, upward: '同一事项逐级上行：县级 → 省级（前次 370102-20260901-000001）' });
		const [p, ...rest] = proposeLetters([climbing, item({ repeatCount: 1, upward: null })], [], NOW, rules);
		expect(rest).toEqual([]);
		expect(p).toMatchObject({ kind: 'risk', itemIds: [climbing.id] });
		expect(p.evidence).toEqual([{ kind: 'upward', itemId: climbing.id, letterId: null, text: `${climbing.serial} 同一事项逐级上行：县级 → 省级（前次 370102-20260901-000001）` }]);
		expect(p.reason).toContain('存在以下风险：370102-');
		const off = structuredClone(rules);
		off.letters.triggers.risk.upward = false;
		expect(proposeLetters([climbing], [], NOW, off)).toEqual([]);
		// rules saved before the switch existed have none: on, as the default
		const older = structuredClone(rules);
		delete older.letters.triggers.risk.upward;
		expect(proposeLetters([climbing], [], NOW, older)[0]?.evidence.map((e) => e.kind)).toEqual(['upward']);
	});

	it('respects skipLevel: false in the rules', () => {
		const r = structuredClone(rules);
		r.letters.triggers.risk.skipLevel = false;
		expect(proposeLetters([item({ skipLevel: true })], [], NOW, r)).toEqual([]);
	});

	it('lowers the risk thresholds in a sensitive period and says so', () => {
		const r = structuredClone(rules);
		r.letters.triggers.risk.sensitivePeriods = [{ name: '全国两会', from: '2026-11-28', to: '2026-12-05' }];
		expect(sensitivePeriodAt(NOW, r.letters)?.name).toBe('全国两会');
		expect(sensitivePeriodAt(t('2026-12-06 00:00'), r.letters)).toBeNull();
		const once = item({ repeatCount: 1 });
		const near = item({ headcount: 3 });
		const [p] = proposeLetters([once, near], [], NOW, r);
		expect(p.kind).toBe('risk');
		expect(p.evidence.map((e) => e.kind)).toEqual(['repeat', 'sensitive', 'group', 'sensitive']);
		expect(p.evidence[2].text).toContain('有形成群体访的风险');
		expect(p.reason).toContain('正值全国两会（2026-11-28 至 2026-12-05）敏感时期');
	});

	it('proposes a 问责建议函 for a seriously overdue item that already had a 督办函, instead of another 督办函', () => {
		const serious = item({ daysOverdue: 60 });
		const late = item({ daysOverdue: 10 });
		const supervised = letter({ id: 9, itemIds: [serious.id], status: 'signed', feedbackDue: '2026-12-20' });
		const proposals = proposeLetters([serious, late], [supervised], NOW, rules);
		expect(proposals.map((p) => [p.kind, p.itemIds])).toEqual([['accountability', [serious.id]], ['supervise', [late.id]]]);
		expect(proposals[0].evidence[0]).toMatchObject({ kind: 'serious_overdue', itemId: serious.id });
	});

	it('keeps to the ladder: a seriously overdue item never sent a 督办函 is proposed for one, not for 问责 (unless the rules skip the step)', () => {
		const serious = item({ daysOverdue: 60 });
		const proposals = proposeLetters([serious], [], NOW, rules);
		expect(proposals.map((p) => [p.kind, p.itemIds])).toEqual([['supervise', [serious.id]]]);
		expect(proposals[0].evidence[0].text).toContain('尚未发过督办函');
		const skipping = { ...rules, letters: { ...rules.letters, accountabilitySkipsLadder: true } };
		expect(proposeLetters([serious], [], NOW, skipping).map((p) => p.kind)).toEqual(['accountability']);
	});

	describe('the ladder for ignored letters: 督办函 → 风险提醒函 → 问责建议函', () => {
		it('proposes a 风险提醒函 (not a 问责建议函) for an ignored 督办函, with its items, following it', () => {
			const a = item({ daysOverdue: 40 });
			const ignored = letter({ id: 4, itemIds: [a.id], feedbackDue: '2026-11-20' });
			const [p, ...rest] = proposeLetters([a], [ignored], NOW, rules);
			expect(rest).toEqual([]);
			expect(p).toMatchObject({ kind: 'risk', recipientUnitId: 7, itemIds: [a.id], follows: [4] });
			expect(p.evidence).toEqual([{ kind: 'ignored_letter', itemId: null, letterId: 4, text: '鲁信督函〔2026〕3号逾期 11 天未反馈' }]);
			expect(p.reason).toContain('鲁信督函〔2026〕3号逾期 11 天未反馈');
			// not again while its items are in an open 风险提醒函
			expect(proposeLetters([a], [ignored, letter({ id: 5, kind: 'risk', itemIds: [a.id], feedbackDue: '2026-12-20' })], NOW, rules)).toEqual([]);
		});

		it('proposes a 问责建议函 for an ignored 风险提醒函 that followed an ignored 督办函, naming both, following the 风险提醒函', () => {
			const a = item({ daysOverdue: 40 });
			const supervised = letter({ id: 4, itemIds: [a.id], status: 'overdue', feedbackDue: '2026-10-20', escalatedTo: 6 });
			const reminded = letter({ id: 6, kind: 'risk', number: '鲁信风险函〔2026〕2号', itemIds: [a.id], followsKind: 'supervise' });
			const [p, ...rest] = proposeLetters([a], [supervised, reminded], NOW, rules);
			expect(rest).toEqual([]);
			expect(p).toMatchObject({ kind: 'accountability', recipientUnitId: 7, itemIds: [a.id], follows: [6] });
			expect(p.evidence).toEqual([
				{ kind: 'ignored_letter', itemId: null, letterId: 4, text: '鲁信督函〔2026〕3号逾期未反馈' },
				{ kind: 'ignored_letter', itemId: null, letterId: 6, text: '鲁信风险函〔2026〕2号逾期 11 天未反馈' }
			]);
			// the 督办函 answered late (or closed, no longer on file): the 风险提醒函 ignored still counts
			expect(proposeLetters([a], [{ ...supervised, status: 'replied' }, reminded], NOW, rules)[0].evidence[0].text).toBe('鲁信督函〔2026〕3号未按期反馈');
			expect(proposeLetters([a], [reminded], NOW, rules).map((x) => [x.kind, x.follows])).toEqual([['accountability', [6]]]);
		});

		it('proposes nothing more for an ignored 问责建议函', () => {
			const ignored = letter({ id: 8, kind: 'accountability', number: '鲁信问责函〔2026〕1号', itemIds: ['900'], followsKind: 'risk' });
			expect(proposeLetters([], [ignored], NOW, rules)).toEqual([]);
		});

		it('waits for the number of ignored 督办函-then-风险提醒函 the rules ask', () => {
			const r = structuredClone(rules);
			r.letters.triggers.accountability.ignoredLetters = 2;
			const first = letter({ id: 1, kind: 'risk', number: '鲁信风险函〔2026〕2号', itemIds: ['900'], followsKind: 'supervise' });
			expect(proposeLetters([], [first], NOW, r)).toEqual([]);
			const [p] = proposeLetters([], [first, letter({ id: 2, kind: 'risk', number: '鲁信风险函〔2026〕5号', itemIds: ['901'], followsKind: 'supervise' })], NOW, r);
			expect(p).toMatchObject({ kind: 'accountability', follows: [1, 2], itemIds: ['900', '901'] });
		});

		it('starts a 风险提醒函 sent on its own and ignored at the first step, a 督办函 — a 问责建议函 only when the rules skip that step', () => {
			const alone = letter({ id: 6, kind: 'risk', number: '鲁信风险函〔2026〕2号', itemIds: ['77'] });
			const [p, ...rest] = proposeLetters([], [alone], NOW, rules);
			expect(rest).toEqual([]);
			expect(p).toMatchObject({ kind: 'supervise', follows: [6], itemIds: ['77'] });
			expect(p.evidence[0].text).toBe('鲁信风险函〔2026〕2号逾期 11 天未反馈');
			const skipping = { ...rules, letters: { ...rules.letters, accountabilitySkipsLadder: true } };
			expect(proposeLetters([], [alone], NOW, skipping).map((x) => [x.kind, x.follows])).toEqual([['accountability', [6]]]);
		});
	});

	it('does not escalate a letter already followed up, answered, or not yet due', () => {
		expect(proposeLetters([], [letter({ escalatedTo: 9 }), letter({ id: 2, status: 'replied' }), letter({ id: 3, feedbackDue: '2026-12-01' })], NOW, rules)).toEqual([]);
	});

	it('orders the most serious first', () => {
		const worst = item({ daysOverdue: 90, unitId: 8, unitName: '市中区住建局' });
		const proposals = proposeLetters([item({ daysOverdue: 2 }), item({ headcount: 9 }), worst], [letter({ id: 9, recipientUnitId: 8, itemIds: [worst.id], status: 'signed', feedbackDue: '2026-12-20' })], NOW, rules);
		expect(proposals.map((p) => p.kind)).toEqual(['accountability', 'risk', 'supervise']);
	});
});

describe('manualProposal (started by hand)', () => {
	it('takes the chosen kind and items, with what the rules know of them', () => {
		const a = item({ daysOverdue: 4 });
		const b = item();
		const p = manualProposal('supervise', [a, b], [], NOW, rules);
		expect(p).toMatchObject({ kind: 'supervise', recipientUnitId: 7, itemIds: [a.id, b.id] });
		expect('evidence' in p && p.evidence.map((e) => e.itemId)).toEqual([a.id]);
	});
	it('writes a plain reason when no rule fired', () => {
		const p = manualProposal('risk', [item()], [], NOW, rules);
		expect('reason' in p && p.reason).toBe('请历下区人社局对所列信访事项依法处理，并按期书面反馈风险落实情况。');
	});
	it.each([
		['no items', [], '请至少选择一件信访事项'],
		['two units', [item(), item({ unitId: 8 })], '所选事项分属不同责任单位，一份函件只能主送一个单位，请分别发函'],
		['an item without a unit', [item({ unitId: null, serial: 'X-1' })], 'X-1 尚未确定责任单位，不能发函']
	])('refuses %s', (_what, items, error) => {
		expect(manualProposal('supervise', items as FlaggedItem[], [], NOW, rules)).toEqual({ error });
	});
});

describe('the ladder for a 问责建议函 chosen by hand', () => {
	const a = item({ daysOverdue: 90 });
	const b = item({ daysOverdue: 90 });
	const supervised = letter({ itemIds: [a.id] });

	it('finds the items that never had a 督办函 (a 作废 one does not count, nor a 风险提醒函)', () => {
		expect(ladderGaps('accountability', [a, b], [supervised], rules.letters)).toEqual([b.serial]);
		expect(ladderGaps('accountability', [a, b], [letter({ itemIds: [a.id, b.id], status: 'void' })], rules.letters)).toEqual([a.serial, b.serial]);
		expect(ladderGaps('accountability', [a], [letter({ kind: 'risk', itemIds: [a.id] })], rules.letters)).toEqual([a.serial]);
		expect(ladderGaps('accountability', [a], [supervised], rules.letters)).toEqual([]);
	});

	it('asks nothing of a 督办函 or a 风险提醒函, nor when the rules let a 问责建议函 skip the step', () => {
		expect(ladderGaps('supervise', [b], [], rules.letters)).toEqual([]);
		expect(ladderGaps('risk', [b], [], rules.letters)).toEqual([]);
		expect(ladderGaps('accountability', [b], [], { ...rules.letters, accountabilitySkipsLadder: true })).toEqual([]);
	});

	it('refuses a skipped step without a stated reason, naming the field and the items', () => {
		const message = ladderRefusal([b.serial], '');
		expect(message).toMatch(/^越级理由：/);
		expect(message).toContain(b.serial);
		expect(message).toContain(`不少于 ${LADDER_REASON_MIN} 个字`);
		expect(ladderRefusal([b.serial], '  太短了  ')).toBe(message);
		expect(ladderRefusal(['1', '2', '3', '4', '5'], undefined)).toContain('1、2、3等 5 件事项');
	});

	it('takes a skipped step with a stated reason, and needs none when the ladder holds', () => {
		expect(ladderRefusal([b.serial], '推诿敷衍致群众三次进京上访，造成严重后果')).toBeNull();
		expect(ladderRefusal([], '')).toBeNull();
	});
});
