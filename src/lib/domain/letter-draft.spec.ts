import { describe, expect, it } from 'vitest';
import { redactSummary } from './chinese-date.ts';
import { ccNamesIssuer, draftLetter, type DraftInput } from './letter-draft.ts';

const items = Array.from({ length: 12 }, (_, i) => ({ serial: `370102-20261001-0000${10 + i}`, receivedOn: '2026-10-01', summary: '反映欠薪', unitName: '历下区人社局', daysOverdue: i < 8 ? 30 + i * 10 : 0 }));
const input = (x: Partial<DraftInput> = {}): DraftInput => ({
	kind: 'supervise', officeRegionName: '山东省', unit: { name: '历下区人社局', regionName: '济南市' }, addressee: { name: '济南市历下区纪委监委' },
	items, evidence: [], prior: [{ number: '鲁信督函〔2026〕3号', kind: 'supervise', title: '关于历下区人社局信访事项办理情况的督办函', issuedOn: '2026-10-09', feedbackDue: '2026-10-30', answered: false }],
	feedbackDue: '2026-12-31', today: '2026-12-04', ...x
});

describe('the one draft of a letter', () => {
	it('changes header, title, 主送, 抄送 and 事由 together when the kind changes', () => {
		const [s, r, a] = (['supervise', 'risk', 'accountability'] as const).map((kind) => draftLetter(input({ kind })));
		expect(s.officeName).toBe('山东省信访局');
		expect([s.title.endsWith('的督办函'), r.title.endsWith('的风险提醒函'), a.title.endsWith('的问责建议函')]).toEqual([true, true, true]);
		expect(s.reason).not.toContain('问责');
		expect(r.reason).not.toContain('问责');
		expect(a.reason).toContain('建议对历下区人社局有关责任人员依规依纪依法予以问责');
		expect([s.recipient, r.recipient, a.recipient]).toEqual(['历下区人社局', '历下区人社局', '济南市历下区纪委监委']);
		expect(a.cc).toBe('历下区人社局，济南市信访局');
		expect(s.cc).toBe('济南市信访局');
	});

	it('summarises the items (count, the worst three, the earlier 督办函) rather than listing every serial', () => {
		const a = draftLetter(input({ kind: 'accountability' }));
		expect(a.reason).toContain('12件信访事项');
		expect(a.reason).toContain('中8件已超过法定办理期限，最长逾期100天');
		expect(a.reason.match(/370102-/g)).toHaveLength(3);
		expect(a.reason).toContain('我局已于2026年10月9日以《关于历下区人社局信访事项办理情况的督办函》（鲁信督函〔2026〕3号）督办，要求于2026年10月30日前反馈，至今未按期反馈。');
		expect(a.reason).not.toMatch(/\d{4}-\d{2}-\d{2}/);
	});

	it('never copies the issuer, and sees the issuer named in an edited 抄送', () => {
		const own = draftLetter(input({ unit: { name: '历城区人社局', regionName: '山东省' } }));
		expect(own.cc).toBe('');
		expect(ccNamesIssuer('济南市信访局，山东省信访局', '山东省')).toBe(true);
		expect(ccNamesIssuer('济南市信访局', '山东省')).toBe(false);
		// as typed, with punctuation, or by the issuer's name in the unit directory
		expect(ccNamesIssuer('山东省信访局。', '山东省')).toBe(true);
		expect(ccNamesIssuer('济南市信访局；山东省人民政府信访局', '山东省', ['山东省人民政府信访局'])).toBe(true);
		expect(ccNamesIssuer('山东省人民政府信访局', '山东省')).toBe(false);
		expect(ccNamesIssuer('', '山东省', ['山东省人民政府信访局'])).toBe(false);
		// a unit of the issuer's own region: its local 信访局 is the issuer, not copied under its directory name
		expect(draftLetter(input({ unit: { name: '山东省人社厅', regionName: '山东省', localOffice: '山东省人民政府信访局' } })).cc).toBe('');
	});

	it('copies the unit’s local 信访局 by its directory name, and not a letter to that 信访局 itself', () => {
		expect(draftLetter(input({ unit: { name: '历下区人社局', regionName: '历下区', localOffice: '济南市历下区信访局' } })).cc).toBe('济南市历下区信访局');
		expect(draftLetter(input({ unit: { name: '济南市历下区信访局', regionName: '历下区', localOffice: '济南市历下区信访局' } })).cc).toBe('');
		expect(draftLetter(input({ unit: { name: '济南市历下区信访局', regionName: '历下区' } })).cc).toBe('');
	});

	it('keeps what staff edited', () => {
		const d = draftLetter(input({ reason: '经督查，请依法办理。', cc: '' }));
		expect([d.reason, d.cc]).toEqual(['经督查，请依法办理。', '']);
	});

	it('takes names and long numbers out of attachment summaries', () => {
		expect(redactSummary('张三丰反映欠薪，电话13800000001', ['张三丰'])).toBe('张某反映欠薪，电话138********');
	});
});
