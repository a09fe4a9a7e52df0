import { describe, expect, it } from 'vitest';
import { layouts } from './panels/layouts.ts';
import type { Layout } from './panels/layout.ts';
import { daysPast, DEFAULT_RATE_TARGET, ownCasesFirst, rateTargets } from './phone.ts';

const open = (id: number, leaderRegion: string, deadline: string, daysOverdue = 0, status = 'resolving') => ({ id, status, leaderRegion, deadline, overdue: daysOverdue > 0, daysOverdue });

describe('ownCasesFirst', () => {
	it('lists the account’s own region’s leaders first, overdue first within each, longest overdue first, then by deadline', () => {
		const cases = [open(1, '370102', '2026-12-20'), open(2, '370000', '2026-12-30'), open(3, '370102', '2026-11-01', 34), open(4, '370000', '2026-11-20', 15), open(5, '370000', '2026-11-10', 25), open(6, '370000', '2026-12-10')];
		const ordered = ownCasesFirst(cases, '370000');
		expect(ordered.map((c) => c.id)).toEqual([5, 4, 6, 2, 3, 1]);
		expect(ordered.map((c) => c.own)).toEqual([true, true, true, true, false, false]);
	});
	it('leaves out cases already resolved', () => {
		expect(ownCasesFirst([open(1, '370102', '2026-12-20', 0, 'resolved'), open(2, '370102', '2026-12-20')], '370102').map((c) => c.id)).toEqual([2]);
	});
});

describe('rateTargets', () => {
	it('takes the wall’s own rate panel targets from the layout the wall shows', () => {
		const overview = rateTargets(layouts.overview);
		expect(overview).toEqual({ timelyAcceptance: 0.95, onTimeConclusion: 0.9, satisfaction: 0.9, participation: 0.8 });
	});
	it('falls back to the panel’s 90% where a layout names none or has no rate panel', () => {
		const bare: Layout = { ...layouts.overview, panels: [] };
		expect(Object.values(rateTargets(bare))).toEqual([DEFAULT_RATE_TARGET, DEFAULT_RATE_TARGET, DEFAULT_RATE_TARGET, DEFAULT_RATE_TARGET]);
		const partial: Layout = { ...layouts.overview, panels: [{ id: 'r', type: 'rates', title: '考核', options: { targets: { satisfaction: 0.85 } }, place: { col: 1, row: 1, w: 1, h: 1 } }] };
		expect(rateTargets(partial).satisfaction).toBe(0.85);
		expect(rateTargets(partial).timelyAcceptance).toBe(DEFAULT_RATE_TARGET);
		expect(rateTargets(undefined).participation).toBe(DEFAULT_RATE_TARGET);
	});
});

describe('daysPast', () => {
	it('counts calendar days past the due date, 0 on the day, negative before', () => {
		expect(daysPast('2026-12-01', '2026-12-05')).toBe(4);
		expect(daysPast('2026-12-05', '2026-12-05')).toBe(0);
		expect(daysPast('2026-12-07', '2026-12-05')).toBe(-2);
		expect(daysPast(null, '2026-12-05')).toBeNull();
	});
});
