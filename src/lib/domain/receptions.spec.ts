import { describe, expect, it } from 'vitest';
import type { Principal } from './access.ts';
import { checkReception, receptionMonth, type ReceptionDraft } from './receptions.ts';
import { t } from './spec-support.ts';

const jinan: Principal = { userId: 1, username: 'jinan.ducha', role: 'supervisor', scope: '370100', unitId: null };
const NOW = t('2026-12-04 16:00');
const draft = (over: Partial<ReceptionDraft> = {}): ReceptionDraft => ({
	kind: 'reception',
	at: t('2026-12-04 09:00'),
	place: '济南市信访接待中心',
	persons: 12,
	note: '',
	leader: { id: 1, name: '张华', region: '370100' },
	items: [{ id: '5', serial: '370102-20261118-000001', region: '370102', headcount: 6 }],
	...over
});

describe('checkReception: recording a leader’s 接访 / 下访 / 约访', () => {
	it('accepts a reception in scope that already happened', () => {
		expect(checkReception(jinan, draft(), NOW)).toEqual({ ok: true, kind: 'reception' });
		expect(checkReception(jinan, draft({ kind: 'visit', items: [] }), NOW)).toEqual({ ok: true, kind: 'visit' });
	});
	it.each([
		['a unit account', { role: 'unit' as const }, {}, 403, ''],
		['a leader outside scope', {}, { leader: { id: 2, name: '赵刚', region: '370200' } }, 403, 'leader'],
		['no leader', {}, { leader: null }, 422, 'leader'],
		['an unknown kind', {}, { kind: 'party' }, 422, 'kind'],
		['a time in the future', {}, { at: t('2026-12-04 17:00') }, 422, 'at'],
		['a reception older than 90 days', {}, { at: t('2026-09-04 09:00') }, 422, 'at'],
		['a one-character place', {}, { place: '局' }, 422, 'place'],
		['no one received', {}, { persons: 0 }, 422, 'persons'],
		['fewer people than the items carry', {}, { persons: 5 }, 422, 'persons'],
		['an item outside scope', {}, { items: [{ id: '9', serial: 'X', region: '370202', headcount: 1 }] }, 403, 'items'],
		['an over-long note', {}, { note: '字'.repeat(1001) }, 422, 'note']
	] as const)('refuses %s', (_, who, over, status, field) => {
		expect(checkReception({ ...jinan, ...who }, draft(over as Partial<ReceptionDraft>), NOW)).toMatchObject({ ok: false, status, field });
	});
	it('accepts a reception exactly 90 days back', () => {
		expect(checkReception(jinan, draft({ at: t('2026-09-05 09:00') }), NOW).ok).toBe(true);
	});
});

describe('receptionMonth: the wall’s tally of this month', () => {
	it('counts receptions and people of the local month up to today, by kind', () => {
		const rows = [
			{ at: t('2026-12-01 00:10'), kind: 'reception' as const, persons: 12 },
			{ at: t('2026-12-03 15:00'), kind: 'visit' as const, persons: 30 },
			{ at: t('2026-11-30 23:50'), kind: 'reception' as const, persons: 4 }, // last month, local time
			{ at: t('2026-12-05 09:00'), kind: 'appointment' as const, persons: 2 } // after today
		];
		expect(receptionMonth(rows, '2026-12-04')).toEqual({ month: '2026-12', receptions: 2, persons: 42, byKind: { reception: 1, visit: 1, appointment: 0 } });
		expect(receptionMonth([], '2026-12-04')).toEqual({ month: '2026-12', receptions: 0, persons: 0, byKind: { reception: 0, visit: 0, appointment: 0 } });
	});
});
