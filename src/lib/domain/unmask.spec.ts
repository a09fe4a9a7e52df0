import { describe, expect, it } from 'vitest';
import { alertDue, checkUnmaskReason, UNMASK_ALERT_PER_HOUR, UNMASK_REASONS, unmaskAlerts } from './unmask.ts';

describe('checkUnmaskReason: a reason from the list and the person’s own words', () => {
	it('takes a listed reason with a note, trimmed, and keeps its label', () => {
		expect(checkUnmaskReason('contact', '  电话告知受理结果 ')).toEqual({ ok: true, reason: { code: 'contact', label: '联系信访人', note: '电话告知受理结果' } });
		for (const code of Object.keys(UNMASK_REASONS)) expect(checkUnmaskReason(code, '核对来信地址').ok, code).toBe(true);
		expect(checkUnmaskReason('other', '𠮷𠮷𠮷𠮷').ok).toBe(true); // four characters, eight UTF-16 units
	});

	it.each([
		[undefined, '说明', 'reason', '请选择'],
		['', '说明文字', 'reason', '请选择'],
		['curiosity', '随便看看', 'reason', '无效'],
		['toString', '原型名称', 'reason', '无效'],
		['__proto__', '原型名称', 'reason', '无效'],
		['constructor', '原型名称', 'reason', '无效'],
		[42, '说明文字', 'reason', '无效'],
		['contact', undefined, 'note', '请填写具体说明'],
		['contact', '   ', 'note', '请填写具体说明'],
		['contact', '看看', 'note', '至少 4 个字'],
		['contact', '很'.repeat(101), 'note', '不能超过 100 个字'],
		['contact', '联系信访\u0000人', 'note', '不可见或控制字符'],
		['contact', '联系信访人\ud800', 'note', '不可见或控制字符'],
		['contact', '联系\u202E信访人', 'note', '不可见或控制字符'],
		['contact', ['数组', '说明'], 'note', '请填写具体说明']
	])('refuses reason %j with note %j, naming the field', (code, note, field, message) => {
		const result = checkUnmaskReason(code, note);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.field).toBe(field);
		expect(result.message).toContain(message);
	});
});

describe('unmaskAlerts: unusually many in an hour, or hitting the limit', () => {
	const row = (username: string, lastHour: number, limited = 0) => ({ userId: username.length, username, displayName: username, lastHour, limited });

	it('alerts at the line and over it, and on any refusal by the limit; not below', () => {
		const alerts = unmaskAlerts([row('quiet', 3), row('edge', UNMASK_ALERT_PER_HOUR - 1), row('busy', 30), row('script', 60, 4), row('pushy', 10, 1)]);
		expect(alerts.map((a) => a.username)).toEqual(['script', 'busy', 'pushy']);
		expect(alerts[0].why).toBe('一小时内查看 60 次（提醒线 30 次），触及每分钟上限被拒 4 次');
		expect(alerts[1].why).toBe('一小时内查看 30 次（提醒线 30 次）');
		expect(alerts[2].why).toBe('触及每分钟上限被拒 1 次');
	});

	it('takes another line when given one', () => {
		expect(unmaskAlerts([row('a', 5)], 5)).toHaveLength(1);
		expect(unmaskAlerts([row('a', 4)], 5)).toHaveLength(0);
	});

	it('sends one alert an hour per account', () => {
		expect(alertDue({ lastHour: 30, limited: 0 }, false)).toBe(true);
		expect(alertDue({ lastHour: 31, limited: 0 }, true)).toBe(false);
		expect(alertDue({ lastHour: 2, limited: 1 }, false)).toBe(true);
		expect(alertDue({ lastHour: 29, limited: 0 }, false)).toBe(false);
	});
});
