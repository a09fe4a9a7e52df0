import { describe, expect, it } from 'vitest';
import { archiveCutoff, auditRetentionMonths, LEGAL_MIN_MONTHS } from './retention.ts';

describe('auditRetentionMonths: never below six months', () => {
	it('unset or blank: the legal minimum', () => {
		expect(auditRetentionMonths(undefined)).toEqual({ ok: true, months: 6 });
		expect(auditRetentionMonths('')).toEqual({ ok: true, months: 6 });
		expect(auditRetentionMonths('  ')).toEqual({ ok: true, months: LEGAL_MIN_MONTHS });
	});

	it.each([['6', 6], ['7', 7], ['12', 12], ['36', 36], [' 24 ', 24], ['1200', 1200]])('takes %s (upward)', (raw, months) => {
		expect(auditRetentionMonths(raw)).toEqual({ ok: true, months });
	});

	it.each(['5', '1', '0', '-6', '-1'])('refuses %s, naming the setting and the law', (raw) => {
		const choice = auditRetentionMonths(raw);
		expect(choice.ok).toBe(false);
		if (choice.ok) return;
		expect(choice.message).toContain(`AUDIT_RETENTION_MONTHS=${raw}`);
		expect(choice.message).toMatch(/低于法定下限|无效/);
		expect(choice.hint).toContain('6');
	});

	it('a value below six says it is below the legal minimum', () => {
		const choice = auditRetentionMonths('5');
		expect(choice.ok || choice.message).toContain('网络安全法第二十一条');
	});

	it.each(['6.5', 'six', '6个月', '1e1', '0x10', 'NaN', 'Infinity'])('refuses the non-integer %s', (raw) => {
		const choice = auditRetentionMonths(raw);
		expect(choice).toMatchObject({ ok: false });
		expect(choice.ok || choice.message).toContain('无效');
	});

	it('refuses absurdly large values', () => {
		expect(auditRetentionMonths('1201')).toMatchObject({ ok: false });
		expect(auditRetentionMonths('99999999999999999999')).toMatchObject({ ok: false });
	});
});

describe('archiveCutoff: calendar months back, clamped like Postgres interval arithmetic', () => {
	it('six months back from mid-month', () => {
		expect(archiveCutoff(new Date('2026-12-04T17:00:00Z'), 6).toISOString()).toBe('2026-06-04T17:00:00.000Z');
	});
	it('clamps the 31st to the end of a shorter month', () => {
		expect(archiveCutoff(new Date('2026-08-31T00:00:00Z'), 6).toISOString()).toBe('2026-02-28T00:00:00.000Z');
		expect(archiveCutoff(new Date('2028-08-31T00:00:00Z'), 6).toISOString()).toBe('2028-02-29T00:00:00.000Z');
	});
	it('crosses years', () => {
		expect(archiveCutoff(new Date('2027-03-15T08:00:00Z'), 12).toISOString()).toBe('2026-03-15T08:00:00.000Z');
	});
	it('refuses less than six months', () => {
		expect(() => archiveCutoff(new Date(), 5)).toThrow(RangeError);
		expect(() => archiveCutoff(new Date(), 6.5)).toThrow(RangeError);
	});
});
