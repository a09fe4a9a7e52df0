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
		expect(auditDetailParts({ before: { role: 'unit', scope: '370102', name: '张三' }, after: { role: 'supervisor', scope: '370102', name: '张三' } })).toEqual([{ label: '角色', text: 'unit → supervisor' }]);
	});
	it('names booleans, lists, times and nested values; unknown keys stay readable', () => {
		expect(auditDetailText({ forced: true, sessionsEnded: 2 })).toBe('首次登录强制修改：是；结束的会话：2');
		expect(auditDetailText({ coUnitIds: [3, 4], expires: '2026-12-04T10:20:30.000Z' })).toBe('稳控单位：3、4；有效期至：2026-12-04 10:20');
		expect(auditDetailText({ items: Array.from({ length: 9 }, (_, i) => i) })).toBe('涉及事项：9 项');
		expect(auditDetailText({ op: 'move', direction: 'up' })).toBe('操作：调整顺序；方向：上移');
		expect(auditDetailText({ kind: 'supervision', mystery: { a: 1 } })).toContain('mystery：a 1');
	});
	it('says nothing for an empty detail', () => {
		expect(auditDetailText({})).toBe('');
		expect(auditDetailText(null)).toBe('');
	});
});
