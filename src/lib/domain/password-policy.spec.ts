import { describe, expect, it } from 'vitest';
import {
	characterClasses,
	describeAgent,
	historyToDrop,
	passwordProblem,
	PASSWORD_HISTORY,
	sessionIdleMinutes,
	SESSION_IDLE_DEFAULT_MINUTES,
	signInResult
} from './password-policy.ts';

describe('passwordProblem: ≥ 10 characters from ≥ 3 of 4 classes (等保 身份鉴别)', () => {
	it.each(['Abcdefgh12', 'abcdefgh1!', 'ABCDEFGH1!', 'Abcdefghi!', '正确马电池Ab123', 'Aa1!Aa1!Aa1!'.padEnd(128, 'x')])('takes %s', (pw) => {
		expect(passwordProblem(pw)).toBeNull();
	});

	it.each([
		['Abc12!', '至少 10 位'],
		['Abcdefg1!', '至少 10 位'], // 9
		['abcdefgh12', '至少 3 类'], // lower + digits
		['liaowang2026', '至少 3 类'], // the demo password: two classes
		['ABCDEFGH!!', '至少 3 类'],
		['abcdefghij', '至少 3 类'],
		['1234567890', '至少 3 类'],
		['Aa1!'.repeat(33), '不能超过 128 位'],
		['Abcdefgh1\u0000', '不可见或控制字符'],
		['Abcdefgh1\u202E', '不可见或控制字符'],
		['Abcdefgh1\ud800', '不可见或控制字符'], // a lone surrogate is not text
		['Abcdefgh1\udc00x', '不可见或控制字符']
	])('refuses %j: %s', (pw, message) => {
		expect(passwordProblem(pw)).toContain(message);
	});

	it('counts characters, not UTF-16 units: nine CJK-astral characters are nine', () => {
		expect(passwordProblem('𠮷𠮷𠮷𠮷𠮷𠮷Aa1')).toContain('至少 10 位');
		expect(passwordProblem('𠮷𠮷𠮷𠮷𠮷𠮷𠮷Aa1')).toBeNull(); // 𠮷 is a letter of no case: upper, lower and digit make the three classes
	});

	it('refuses the account’s own name inside the password, whatever the case', () => {
		expect(passwordProblem('Zhang.San2026!', { username: 'zhang.san' })).toBe('密码不能包含用户名');
		expect(passwordProblem('Different2026!', { username: 'zhang.san' })).toBeNull();
		expect(passwordProblem('Ab1!Ab1!Ab1!', { username: 'ab' })).toBeNull(); // names under three letters are not checked
	});

	it('names the field it is told to', () => {
		expect(passwordProblem('short', { label: '新密码' })).toBe('新密码至少 10 位');
		expect(passwordProblem(42)).toBe('密码必须是文本');
		expect(passwordProblem(undefined, { label: '新密码' })).toBe('新密码必须是文本');
	});

	it('character classes: upper, lower, digit, symbol (a space is none of them)', () => {
		expect(characterClasses('')).toBe(0);
		expect(characterClasses('a')).toBe(1);
		expect(characterClasses('aA')).toBe(2);
		expect(characterClasses('aA1')).toBe(3);
		expect(characterClasses('aA1-')).toBe(4);
		expect(characterClasses('a  1')).toBe(2);
		expect(characterClasses('中文１')).toBe(1); // a full-width digit counts as a digit; CJK is no case
	});
});

describe('password history: the last five are refused', () => {
	it('keeps the newest four former hashes (with the current one, five)', () => {
		expect(PASSWORD_HISTORY).toBe(5);
		expect(historyToDrop([9, 8, 7, 6, 5, 4, 3])).toEqual([5, 4, 3]);
		expect(historyToDrop([9, 8, 7, 6])).toEqual([]);
		expect(historyToDrop([])).toEqual([]);
	});
});

describe('sessionIdleMinutes: the idle timeout as a setting', () => {
	it('unset or blank: 12 hours, as before', () => {
		expect(sessionIdleMinutes(undefined)).toEqual({ ok: true, minutes: 720 });
		expect(sessionIdleMinutes(' ')).toEqual({ ok: true, minutes: SESSION_IDLE_DEFAULT_MINUTES });
	});
	it.each([['5', 5], ['30', 30], [' 15 ', 15], ['10080', 10080]])('takes %s', (raw, minutes) => {
		expect(sessionIdleMinutes(raw)).toEqual({ ok: true, minutes });
	});
	it.each(['4', '0', '-30', '10081', '1.5', '30m', 'abc', '1e3', '9999999'])('refuses %s, naming the setting and the range', (raw) => {
		const choice = sessionIdleMinutes(raw);
		expect(choice.ok).toBe(false);
		if (choice.ok) return;
		expect(choice.message).toContain(`SESSION_IDLE_MINUTES=${raw}`);
		expect(choice.hint).toMatch(/5 到 10080/);
	});
});

describe('the sign-in history as a person reads it', () => {
	it('says each result in Chinese and flags failures', () => {
		expect(signInResult('auth.sign_in')).toEqual({ text: '登录成功', failed: false });
		expect(signInResult('auth.sign_in_failed')).toEqual({ text: '密码错误', failed: true });
		expect(signInResult('auth.sign_in_limited')).toEqual({ text: '尝试过多被拒', failed: true });
		expect(signInResult('auth.sign_out')).toEqual({ text: '退出登录', failed: false });
	});
	it('shortens a user agent to browser and system', () => {
		expect(describeAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36')).toBe('Chrome 126 · Windows');
		expect(describeAgent('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe('Firefox 128 · Linux');
		expect(describeAgent('Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 Edg/126.0')).toBe('Edge 126 · Windows');
		expect(describeAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15')).toBe('Safari 17 · macOS');
		expect(describeAgent(null)).toBe('未知');
		expect(describeAgent('curl/8.5.0')).toBe('curl/8.5.0');
		expect(describeAgent('x'.repeat(500))).toHaveLength(120);
	});
});
