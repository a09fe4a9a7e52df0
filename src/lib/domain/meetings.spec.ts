import { describe, expect, it } from 'vitest';
import { proposeAgenda } from './agenda.ts';
import { followUpLight } from './follow-ups.ts';
import { diffCounts, diffSnapshots, type SnapshotFacts } from './meetings.ts';

// Two meetings a month apart, figures worked out by hand:
//  items 1–6 open at the first meeting, 3 and 4 overdue; 7–9 arrive after it.
//  By the second: 1, 2, 5 concluded (resolved 3); 6 goes overdue; 7 arrives and goes overdue too;
//  8 arrives and is concluded already; 9 is a group visit of 6 people (new risk).
//  Case 10 gets a note (moved), 11 none (stalled), 12 was resolved before and stays so.
//  Letter 20 existed and is answered; 21 is issued since (awaiting feedback, past due).
//  Unit 100: 8/10 → 6/10 (−20 points); unit 200: 3/4 → 9/10 (+15); unit 300 new, nothing due.
const before: SnapshotFacts = {
	today: '2026-11-01',
	receivedDays: 60,
	open: [1, 2, 3, 4, 5, 6],
	overdue: [3, 4],
	received: [4, 5, 6],
	risks: [4],
	cases: [
		{ id: 10, title: '甲', status: 'resolving', deadline: '2026-12-31', lastNoteAt: '2026-10-20T02:00:00.000Z' },
		{ id: 11, title: '乙', status: 'resolving', deadline: '2026-11-15', lastNoteAt: null },
		{ id: 12, title: '丙', status: 'resolved', deadline: '2026-10-01', lastNoteAt: null }
	],
	letters: [{ id: 20, number: '鲁信督函〔2026〕3号', unit: '某局', status: 'signed', issuedAt: '2026-10-10T01:00:00.000Z', feedbackDue: '2026-11-09' }],
	units: [
		{ unitId: 100, name: '甲单位', due: 10, onTime: 8 },
		{ unitId: 200, name: '乙单位', due: 4, onTime: 3 }
	]
};
const after: SnapshotFacts = {
	today: '2026-12-01',
	receivedDays: 60,
	open: [3, 4, 6, 7, 9],
	overdue: [3, 4, 6, 7],
	received: [4, 5, 6, 7, 8, 9],
	risks: [4, 9],
	cases: [
		{ id: 10, title: '甲', status: 'resolving', deadline: '2026-12-31', lastNoteAt: '2026-11-25T02:00:00.000Z' },
		{ id: 11, title: '乙', status: 'resolving', deadline: '2026-11-15', lastNoteAt: null },
		{ id: 12, title: '丙', status: 'resolved', deadline: '2026-10-01', lastNoteAt: null }
	],
	letters: [
		{ id: 20, number: '鲁信督函〔2026〕3号', unit: '某局', status: 'replied', issuedAt: '2026-10-10T01:00:00.000Z', feedbackDue: '2026-11-09' },
		{ id: 21, number: '鲁信督函〔2026〕9号', unit: '某镇', status: 'delivered', issuedAt: '2026-11-05T01:00:00.000Z', feedbackDue: '2026-11-30' }
	],
	units: [
		{ unitId: 100, name: '甲单位', due: 10, onTime: 6 },
		{ unitId: 200, name: '乙单位', due: 10, onTime: 9 },
		{ unitId: 300, name: '丙单位', due: 0, onTime: 0 }
	]
};

describe('diffSnapshots', () => {
	const d = diffSnapshots(before, after);
	it('finds new, resolved, newly overdue items and new risks', () => {
		expect(d.newItems).toEqual([7, 8, 9]);
		expect(d.resolved).toEqual([1, 2, 5]);
		expect(d.newlyOverdue).toEqual([6, 7]);
		expect(d.newRisks).toEqual([9]);
	});
	it('tells moved cases from stalled ones and skips cases closed at both', () => {
		expect(d.casesMoved.map((c) => c.id)).toEqual([10]);
		expect(d.casesStalled.map((c) => c.id)).toEqual([11]);
	});
	it('counts letters issued and answered since', () => {
		expect(d.lettersIssued.map((l) => l.id)).toEqual([21]);
		expect(d.lettersAnswered.map((l) => l.id)).toEqual([20]);
	});
	it('computes the rate change by unit, falling first, none without a base', () => {
		expect(d.rateChanges.map((r) => [r.unitId, r.before, r.after, r.change === null ? null : Math.round(r.change * 1000) / 1000])).toEqual([
			[100, 0.8, 0.6, -0.2],
			[200, 0.75, 0.9, 0.15],
			[300, null, null, null]
		]);
		expect(diffCounts(d)).toEqual({ newItems: 3, resolved: 3, newlyOverdue: 2, newRisks: 1, casesMoved: 1, casesStalled: 1, lettersIssued: 1, lettersAnswered: 1, ratesFalling: 1 });
	});
	it('treats the first meeting of a region as all new, nothing resolved', () => {
		const first = diffSnapshots(null, before);
		expect(first.newItems).toEqual([4, 5, 6]);
		expect(first.resolved).toEqual([]);
		expect(first.newlyOverdue).toEqual([3, 4]);
		expect(first.casesMoved.map((c) => c.id)).toEqual([10, 11]);
	});
});

describe('proposeAgenda', () => {
	it('proposes overdue items, late and stalled cases, new risks, falling units and ignored letters, in that order', () => {
		const d = diffSnapshots(before, after);
		const agenda = proposeAgenda(after, d, {
			overdueItems: [{ id: 3, serial: '370102-20260901-000003', unit: '甲单位', clockDue: '2026-10-30' }],
			riskItems: [{ id: 9, serial: '370102-20261120-000009', headcount: 6, skipLevel: false, regionName: '历下区' }],
			minVolume: 5,
			groupThreshold: 5
		});
		expect(agenda.map((a) => a.kind)).toEqual(['overdue', 'stalled_case', 'group', 'falling_rate', 'ignored_letter']);
		expect(agenda[0].title).toBe('逾期未办结事项 4 件（其中本期新增 2 件）');
		expect(agenda[1]).toMatchObject({ title: '包案「乙」超期 16 天', ref: { caseId: 11 } });
		expect(agenda[2].title).toBe('新增群体访风险 1 批');
		expect(agenda[3]).toMatchObject({ title: '甲单位按期办结率下降 20.0 个百分点', detail: '由 80.0% 降至 60.0%（到期事项 10 件）' });
		expect(agenda[4]).toMatchObject({ title: '鲁信督函〔2026〕9号逾期未反馈', ref: { letterId: 21 } });
	});
});

describe('followUpLight', () => {
	const at = (iso: string) => new Date(iso);
	it('runs green, yellow, due today, red by local day, and stops when done', () => {
		expect(followUpLight('2026-12-20', false, at('2026-12-01T02:00:00Z'), 5).light).toBe('green');
		expect(followUpLight('2026-12-05', false, at('2026-12-01T02:00:00Z'), 5)).toMatchObject({ light: 'yellow', daysLeft: 4 });
		// 23:30 local on the due day is still in time; 00:10 local the next day is not
		expect(followUpLight('2026-12-01', false, at('2026-12-01T15:30:00Z'), 5).light).toBe('due_today');
		expect(followUpLight('2026-12-01', false, at('2026-12-01T16:10:00Z'), 5)).toMatchObject({ light: 'red', label: '逾期 1 天' });
		expect(followUpLight('2026-11-01', true, at('2026-12-01T02:00:00Z'), 5)).toMatchObject({ light: 'none', label: '已办结' });
	});
});
