import { describe, expect, it } from 'vitest';
import { auditDetailParts, auditDetailText } from './audit-detail.ts';

describe('audit details in words', () => {
	it('reads a letter’s state change in the letter’s words, with the other fields named', () => {
		expect(auditDetailText({ letterId: 12, from: 'issued', to: 'closed', reason: '重复发函' })).toBe('状态：签发 → 办结；函件：12；理由：重复发函');
	});
	it('reads an item’s state change in the item’s words', () => {
		expect(auditDetailText({ serial: '370102-20261201-000001', from: 'accepted', to: 'closed' })).toBe('状态：受理 → 终结；事项编号：370102-20261201-000001');
	});
	it('shows only the fields that changed, before → after', () => {
		expect(auditDetailParts({ before: { role: 'unit', scope: '370102', name: '张三' }, after: { role: 'supervisor', scope: '370102', name: '张三' } })).toEqual([{ label: '角色', text: '承办单位 → 督查督办' }]);
	});
	it('names booleans, lists, times and nested values; unknown keys stay readable', () => {
		expect(auditDetailText({ forced: true, sessionsEnded: 2 })).toBe('首次登录强制修改：是；结束的会话：2');
		expect(auditDetailText({ coUnitIds: [3, 4], expires: '2026-12-04T10:20:30.000Z' })).toBe('稳控单位：3、4；有效期至：2026-12-04 18:20');
		expect(auditDetailText({ items: Array.from({ length: 9 }, (_, i) => i) })).toBe('涉及事项：9 项');
		expect(auditDetailText({ op: 'move', direction: 'up' })).toBe('操作：调整顺序；方向：上移');
		expect(auditDetailText({ kind: 'supervision', mystery: { a: 1 } })).toContain('mystery：a 1');
	});
	it('reads an instant in Beijing time, whether stored in UTC or with its offset; a local time stays as written', () => {
		expect(auditDetailText({ at: '2026-12-07T06:17:00.000Z' })).toBe('发生时间：2026-12-07 14:17');
		expect(auditDetailText({ at: '2026-10-08T16:00:00+08:00' })).toBe('发生时间：2026-10-08 16:00');
		expect(auditDetailText({ at: '2026-12-31T16:30:00Z' })).toBe('发生时间：2027-01-01 00:30');
		expect(auditDetailText({ at: '2026-12-07T14:17' })).toBe('发生时间：2026-12-07 14:17');
	});
	it('names an item’s step by its label, not its code; a bare code is still named', () => {
		const detail = { serial: '370102-20261201-000001', action: 'reassign', label: '改派', from: 'routed', to: 'routed', userAgent: 'Mozilla/5.0' };
		expect(auditDetailText(detail)).not.toContain('reassign');
		expect(auditDetailText(detail)).toContain('名称：改派');
		expect(auditDetailText(detail)).toContain('浏览器：Mozilla/5.0');
		expect(auditDetailText({ action: 'rebuild' })).toBe('操作：rebuild');
	});
	it('says nothing for an empty detail', () => {
		expect(auditDetailText({})).toBe('');
		expect(auditDetailText(null)).toBe('');
	});
});
