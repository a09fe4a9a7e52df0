import { describe, expect, it } from 'vitest';
import { idCheckDigit } from './identity.ts';
import { checkIntake, codeOf, normalisePhone, parseLocalDateTime, type IntakeInput, type IntakeRecord } from './intake.ts';
import { localInput } from '../time.ts';
import { categories, channels, itemTypes } from './vocabulary.ts';

const NOW = new Date('2026-11-20T10:00:00+08:00');
const ID = '37010219700101123' + idCheckDigit('37010219700101123');
const record = (): IntakeRecord => ({
	channel: '来访',
	receivedAt: '2026-11-18 09:30',
	region: '370102',
	category: '劳动社保',
	type: '申诉求决类',
	summary: '反映某建筑工地拖欠农民工工资三个月未支付',
	headcount: '1',
	unit: '12',
	petitionerName: '张三',
	phone: '138 0000 0000',
	idNumber: ID.toLowerCase()
});
const errorsOf = (r: IntakeInput, options = {}) => {
	const result = checkIntake(r, NOW, options);
	return result.ok ? [] : result.errors;
};

describe('parseLocalDateTime: local (Asia/Shanghai) unless an offset is given', () => {
	it.each([
		['2026-11-20 09:30', '2026-11-20T01:30:00.000Z', true],
		['2026-11-20T09:30', '2026-11-20T01:30:00.000Z', true],
		['2026/11/20 9:30:05', '2026-11-20T01:30:05.000Z', true],
		['2026.1.2', '2026-01-01T16:00:00.000Z', false],
		['2026年11月20日', '2026-11-19T16:00:00.000Z', false],
		['2026年11月20日 14时05分', '2026-11-20T06:05:00.000Z', true],
		['20261120', '2026-11-19T16:00:00.000Z', false],
		['2026-11-20T09:30:00+08:00', '2026-11-20T01:30:00.000Z', true],
		['2026-11-20T01:30:00Z', '2026-11-20T01:30:00.000Z', true],
		['2026-11-20T01:30:00.123Z', '2026-11-20T01:30:00.000Z', true],
		['2026-11-20T09:30:00-0500', '2026-11-20T14:30:00.000Z', true],
		['2024-02-29 00:00', '2024-02-28T16:00:00.000Z', true]
	])('%s', (text, iso, hasTime) => {
		expect(parseLocalDateTime(text)).toEqual({ at: new Date(iso), hasTime });
	});
	it.each(['', 'abc', '2026-13-01', '2026-02-30', '2025-02-29', '2026-11-20 24:00', '2026-11-20 09:60', '2026-11-20Z', '2026-11-20 09:30 昨天', '11/20/2026', '2026-11'])(
		'refuses %j',
		(text) => expect(parseLocalDateTime(text)).toBeNull()
	);
	it('round-trips a datetime-local value', () => {
		const at = parseLocalDateTime('2026-11-20T23:45')!.at;
		expect(localInput(at)).toBe('2026-11-20T23:45');
	});
});

describe('codeOf: code, label or alias', () => {
	it('reads every code and label of the vocabularies', () => {
		for (const [code, label] of Object.entries(channels)) expect([codeOf(channels, 'channel', code), codeOf(channels, 'channel', label)]).toEqual([code, code]);
		for (const [code, label] of Object.entries(categories)) expect(codeOf(categories, 'category', ` ${label} `)).toBe(code);
		for (const [code, label] of Object.entries(itemTypes)) expect(codeOf(itemTypes, 'type', label)).toBe(code);
	});
	it('reads the words ledgers use, and nothing else', () => {
		expect(codeOf(channels, 'channel', '网信')).toBe('online');
		expect(codeOf(channels, 'channel', '12345')).toBe('hotline');
		expect(codeOf(categories, 'category', '欠薪')).toBe('labour');
		expect(codeOf(itemTypes, 'type', '申诉')).toBe('appeal');
		for (const word of ['toString', '__proto__', 'constructor', '来信来访', 'LETTER']) expect(codeOf(channels, 'channel', word), word).toBeNull();
	});
});

describe('checkIntake', () => {
	it('accepts a complete record and normalises what it may', () => {
		const result = checkIntake(record(), NOW);
		expect(result).toEqual({
			ok: true,
			draft: {
				channel: 'visit',
				receivedAt: new Date('2026-11-18T01:30:00Z'),
				receivedTimeKnown: true,
				region: '370102',
				category: 'labour',
				type: 'appeal',
				summary: '反映某建筑工地拖欠农民工工资三个月未支付',
				headcount: 1,
				unit: '12',
				routedAt: null,
				petitioner: { name: '张三', phone: '13800000000', idNumber: ID },
				sourceId: null
			}
		});
	});

	it('accepts the minimum: an anonymous letter without a unit, one person', () => {
		const result = checkIntake({ channel: 'letter', receivedAt: '2026-11-18', region: '历下区', category: 'other', type: 'complaint', summary: '检举某单位违规发放补贴' }, NOW);
		expect(result.ok && result.draft).toMatchObject({ headcount: 1, unit: null, petitioner: null, receivedTimeKnown: false });
	});

	it('names every field at fault at once, in Chinese', () => {
		const errors = errorsOf({ channel: '飞鸽', receivedAt: '昨天', region: '', category: '', type: '申诉求决', summary: '  ', headcount: '0', phone: '12345', idNumber: '123' });
		expect(errors.map((e) => e.field)).toEqual(['channel', 'category', 'receivedAt', 'region', 'summary', 'headcount', 'petitionerName', 'phone', 'idNumber']);
		for (const e of errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
		expect(errors[0].message).toContain('来信、来访');
	});

	it.each([
		['receivedAt', { receivedAt: '' }, '请填写收件时间'],
		['receivedAt', { receivedAt: '1979-12-31' }, '1980'],
		['receivedAt', { receivedAt: '2026-11-21 10:01' }, '不能晚于当前时间'],
		['headcount', { headcount: '10001' }, '1–10000'],
		['headcount', { headcount: '2.5' }, '整数'],
		['headcount', { headcount: '-1' }, '整数'],
		['summary', { summary: 'x'.repeat(2001) }, '2000'],
		['summary', { summary: '反映\u202E问题' }, '控制字符'],
		['region', { region: '历下区\n' + 'x' }, '换行'],
		['unit', { unit: 'x'.repeat(61) }, '60'],
		['routedAt', { routedAt: '2026-11-18 09:29' }, '不能早于收件时间'],
		['unit', { unit: '', routedAt: '2026-11-19' }, '同时填写责任单位'],
		['petitionerName', { petitionerName: '' }, '同时填写信访人姓名'],
		['phone', { phone: '0531-88888888' }, '11 位手机号码'],
		['idNumber', { idNumber: '3.70102197001011E+17' }, '科学计数法'],
		['idNumber', { idNumber: '370102700101123' }, '18 位'],
		['idNumber', { idNumber: ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0') }, '校验位'],
		['idNumber', { idNumber: '370102' + '19700230' + '1234' }, '出生日期'],
		['sourceId', { sourceId: 'A 1' }, '空格'],
		['sourceId', { sourceId: 'x'.repeat(65) }, '64'],
		// a lone surrogate is not text (a 500 from the database before): refused like a control character
		['sourceId', { sourceId: 'A\ud800' }, '控制字符'],
		['summary', { summary: '反映\udc00问题' }, '控制字符']
	] as const)('refuses %s: %j', (field, change, says) => {
		const errors = errorsOf({ ...record(), ...change });
		expect(errors.map((e) => e.field)).toEqual([field]);
		expect(errors[0].message).toContain(says);
	});

	it('requires a source id when asked (upstream systems)', () => {
		expect(errorsOf(record(), { requireSourceId: true }).map((e) => e.field)).toEqual(['sourceId']);
		expect(errorsOf({ ...record(), sourceId: 'SD-2026-000123' }, { requireSourceId: true })).toEqual([]);
	});

	it('reads 人 after a headcount and +86 before a phone', () => {
		const result = checkIntake({ ...record(), headcount: '12人', phone: '+86 138-0000-0000' }, NOW);
		expect(result.ok && [result.draft.headcount, result.draft.petitioner?.phone]).toEqual([12, '13800000000']);
		expect(normalisePhone('8613800000000')).toBe('13800000000');
	});

	// a number input bound in Svelte gives a number, or null once cleared: the check reads it as text
	it('takes a numeric 人数 as the form gives it, and still names the other fields at fault', () => {
		const six = checkIntake({ ...record(), headcount: 6 }, NOW);
		expect(six.ok && six.draft.headcount).toBe(6);
		expect(errorsOf({ ...record(), headcount: 6, phone: '12' })).toEqual([{ field: 'phone', message: '联系电话应为 11 位手机号码' }]);
		const cleared = checkIntake({ ...record(), headcount: null }, NOW);
		expect(cleared.ok && cleared.draft.headcount).toBe(1);
		expect(errorsOf({ ...record(), headcount: 0 }).map((e) => e.field)).toEqual(['headcount']);
		expect(errorsOf({ ...record(), headcount: Number.NaN }).map((e) => e.field)).toEqual(['headcount']);
	});
});
