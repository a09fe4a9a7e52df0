import { describe, expect, it } from 'vitest';
import { DEFAULT_LETTER_RULES } from './letter-rules.ts';
import {
	escalation,
	feedbackLight,
	formatLetterNumber,
	letterActions,
	letterStatuses,
	moveLetter,
	nextFeedbackCheck,
	nextKind,
	parseLetterNumber,
	type LetterAction,
	type LetterNumber,
	type LetterStatus
} from './letters.ts';
import { DEFAULT_RULES, validateRules } from './rules.ts';
import { t } from './spec-support.ts';

const abbr = DEFAULT_LETTER_RULES.abbreviations;

describe('文号: 机关代字 + 代字 + 〔year〕 + serial + 号', () => {
	const rows: [LetterNumber, string][] = [
		[{ officeCode: '鲁信', kind: 'supervise', year: 2026, number: 12 }, '鲁信督函〔2026〕12号'],
		[{ officeCode: '鲁信', kind: 'risk', year: 2026, number: 1 }, '鲁信风险函〔2026〕1号'],
		[{ officeCode: '济信', kind: 'accountability', year: 2027, number: 100 }, '济信问责函〔2027〕100号'],
		[{ officeCode: '山东省信访局', kind: 'supervise', year: 2000, number: 999999 }, '山东省信访局督函〔2000〕999999号']
	];
	it.each(rows)('%o ⇄ %s', (parts, text) => {
		expect(formatLetterNumber(parts, abbr)).toBe(text);
		expect(parseLetterNumber(text, abbr)).toEqual(parts);
	});

	it.each([
		['鲁信督函〔2026〕012号', 'a leading zero'],
		['鲁信督函〔2026〕第12号', '第'],
		['鲁信督函〔2026〕0号', 'serial 0'],
		['鲁信督函[2026]12号', 'square brackets'],
		['鲁信督函【2026】12号', '【】'],
		['鲁信督函（2026）12号', 'round brackets'],
		['鲁信督函〔26〕12号', 'a two-digit year'],
		['鲁信督函〔1999〕12号', 'a year before 2000'],
		['鲁信督函〔2026〕12', 'no 号'],
		['督函〔2026〕12号', 'no office code'],
		['鲁信通知〔2026〕12号', 'an unknown kind'],
		['Lx督函〔2026〕12号', 'a Latin office code'],
		[' 鲁信督函〔2026〕12号', 'a leading space'],
		['鲁信督函〔2026〕1 2号', 'a space in the serial']
	])('refuses %s (%s)', (text) => {
		expect(parseLetterNumber(text, abbr)).toBeNull();
	});

	it('reads 风险函 as the kind, not as an office code ending in 风险', () => {
		expect(parseLetterNumber('青信风险函〔2026〕3号', abbr)).toEqual({ officeCode: '青信', kind: 'risk', year: 2026, number: 3 });
	});

	it('follows configured abbreviations', () => {
		const custom = { supervise: '督', risk: '提醒', accountability: '问责' };
		expect(formatLetterNumber({ officeCode: '济信', kind: 'risk', year: 2026, number: 5 }, custom)).toBe('济信提醒〔2026〕5号');
		expect(parseLetterNumber('济信督〔2026〕5号', custom)?.kind).toBe('supervise');
		expect(parseLetterNumber('济信督函〔2026〕5号', custom)).toBeNull();
	});

	it.each([
		[{ officeCode: '', kind: 'supervise', year: 2026, number: 1 }, '机关代字无效'],
		[{ officeCode: '鲁信', kind: 'supervise', year: 2026, number: 0 }, '序号无效'],
		[{ officeCode: '鲁信', kind: 'supervise', year: 2026, number: 1.5 }, '序号无效'],
		[{ officeCode: '鲁信', kind: 'supervise', year: 99, number: 1 }, '年份无效'],
		[{ officeCode: '鲁信', kind: 'memo', year: 2026, number: 1 }, '函件种类无效']
	] as [LetterNumber, string][])('refuses to format %o', (parts, message) => {
		expect(() => formatLetterNumber(parts, abbr)).toThrow(message);
	});
});

describe('the lifecycle: 起草→签发→送达→签收→反馈→办结/退回/逾期', () => {
	const unsigned = null;
	const signed = t('2026-11-02');
	// every status × action: the resulting status, or the refusal's message
	const table: Record<LetterStatus, Record<LetterAction, LetterStatus | string>> = {
		draft: { issue: 'issued', deliver: '函件尚未签发，不能送达', sign: '函件尚未签发，不能签收', reply: '函件尚未签发，不能反馈', close: '承办单位尚未报送反馈，不能办结', reject: '没有待审核的反馈，不能退回', lapse: '函件起草，不会逾期', void: '函件尚未签发，无需作废' },
		issued: { issue: '函件已签发，不能重复签发', deliver: 'delivered', sign: 'signed', reply: '请先签收函件，再报送反馈', close: '承办单位尚未报送反馈，不能办结', reject: '没有待审核的反馈，不能退回', lapse: 'overdue', void: 'void' },
		delivered: { issue: '函件已送达，不能重复签发', deliver: '函件已送达，无需再送达', sign: 'signed', reply: '请先签收函件，再报送反馈', close: '承办单位尚未报送反馈，不能办结', reject: '没有待审核的反馈，不能退回', lapse: 'overdue', void: 'void' },
		signed: { issue: '函件已签收，不能重复签发', deliver: '函件已签收，无需再送达', sign: '函件已签收，不能重复签收', reply: 'replied', close: '承办单位尚未报送反馈，不能办结', reject: '没有待审核的反馈，不能退回', lapse: 'overdue', void: 'void' },
		replied: { issue: '函件已反馈，不能重复签发', deliver: '函件已反馈，无需再送达', sign: '函件已签收，不能重复签收', reply: '反馈已报送，正在审核，不能重复报送', close: 'closed', reject: 'returned', lapse: '函件反馈，不会逾期', void: 'void' },
		returned: { issue: '函件已退回，不能重复签发', deliver: '函件已退回，无需再送达', sign: '函件已签收，不能重复签收', reply: 'replied', close: '承办单位尚未报送反馈，不能办结', reject: '没有待审核的反馈，不能退回', lapse: 'overdue', void: 'void' },
		overdue: { issue: '函件已逾期，不能重复签发', deliver: '函件已逾期，无需再送达', sign: '函件已签收，不能重复签收', reply: 'replied', close: '承办单位尚未报送反馈，不能办结', reject: '没有待审核的反馈，不能退回', lapse: '函件已标记逾期', void: 'void' },
		void: { issue: '函件已作废，不能再更改', deliver: '函件已作废，不能再更改', sign: '函件已作废，不能再更改', reply: '函件已作废，不能再更改', close: '函件已作废，不能再更改', reject: '函件已作废，不能再更改', lapse: '函件已作废，不能再更改', void: '函件已作废，不能再更改' },
		closed: { issue: '函件已办结，不能再更改', deliver: '函件已办结，不能再更改', sign: '函件已办结，不能再更改', reply: '函件已办结，不能再更改', close: '函件已办结，不能再更改', reject: '函件已办结，不能再更改', lapse: '函件已办结，不能再更改', void: '函件已办结，不能再更改' }
	};
	const cases = (Object.keys(letterStatuses) as LetterStatus[]).flatMap((status) =>
		(Object.keys(letterActions) as LetterAction[]).map((action) => [status, action, table[status][action]] as const)
	);
	it.each(cases)('%s + %s → %s', (status, action, expected) => {
		const signedAt = ['draft', 'issued', 'delivered'].includes(status) ? unsigned : signed;
		const move = moveLetter({ status, signedAt }, action);
		if (expected in letterStatuses) expect(move).toEqual({ ok: true, status: expected });
		else expect(move).toEqual({ ok: false, message: expected });
	});

	it('lets a unit sign an overdue letter it never signed, then report late', () => {
		expect(moveLetter({ status: 'overdue', signedAt: null }, 'sign')).toEqual({ ok: true, status: 'signed' });
		expect(moveLetter({ status: 'overdue', signedAt: null }, 'reply')).toEqual({ ok: false, message: '请先签收函件，再报送反馈' });
	});
});

describe('the feedback clock light (30 days; a period ends at 24:00 of its last day)', () => {
	const rows: [LetterStatus, string, string, string, number | null][] = [
		['issued', '2026-12-31', '2026-12-01', 'green', 30],
		['signed', '2026-12-31', '2026-12-26', 'yellow', 5],
		['signed', '2026-12-31', '2026-12-25', 'green', 6],
		['delivered', '2026-12-31', '2026-12-31 23:59', 'due_today', 0],
		['returned', '2026-12-31', '2027-01-01 00:00', 'red', -1],
		['overdue', '2026-12-31', '2027-01-10', 'red', -10],
		['replied', '2026-12-31', '2027-01-10', 'none', null],
		['closed', '2026-12-31', '2027-01-10', 'none', null],
		['draft', '2026-12-31', '2027-01-10', 'none', null]
	];
	it.each(rows)('%s, due %s, at %s → %s', (status, feedbackDue, now, light, daysLeft) => {
		const state = feedbackLight({ status, feedbackDue }, t(now), DEFAULT_RULES);
		expect(state.light).toBe(light);
		expect(state.daysLeft).toBe(daysLeft);
	});
});

describe('escalation to the next kind when a letter is ignored', () => {
	const letter = { kind: 'supervise' as const, status: 'signed' as LetterStatus, feedbackDue: '2026-12-01', escalatedTo: null };
	it('follows the ladder 督办函 → 风险提醒函 → 问责建议函 → none', () => {
		expect(nextKind).toEqual({ supervise: 'risk', risk: 'accountability', accountability: null });
	});
	it.each([
		['on the deadline', letter, '2026-12-01 20:00', 0, null],
		['the day after', letter, '2026-12-02 08:00', 0, { kind: 'risk', daysPastDue: 1, reason: '督办函逾期 1 天未反馈，建议升级为风险提醒函' }],
		['within the grace the rules allow', letter, '2026-12-04', 3, null],
		['past the grace', letter, '2026-12-05', 3, { kind: 'risk', daysPastDue: 4, reason: '督办函逾期 4 天未反馈，建议升级为风险提醒函' }],
		['a risk letter', { ...letter, kind: 'risk' as const }, '2026-12-05', 0, { kind: 'accountability', daysPastDue: 4, reason: '风险提醒函逾期 4 天未反馈，建议升级为问责建议函' }],
		['the last kind', { ...letter, kind: 'accountability' as const }, '2027-03-01', 0, null],
		['feedback in', { ...letter, status: 'replied' as LetterStatus }, '2027-03-01', 0, null],
		['already escalated', { ...letter, escalatedTo: 9 }, '2027-03-01', 0, null]
	])('%s', (_what, l, now, grace, expected) => {
		expect(escalation(l, t(now), { escalateAfterDays: grace })).toEqual(expected);
	});
});

describe('the letters section of the rules table', () => {
	const edit = (change: (r: typeof DEFAULT_RULES) => void) => {
		const r = structuredClone(DEFAULT_RULES);
		change(r);
		return validateRules(r);
	};
	it('accepts the defaults, and fills them into a version saved before 三函', () => {
		expect(validateRules(DEFAULT_RULES)).toEqual({ ok: true, data: DEFAULT_RULES });
		const { letters: _, ...older } = structuredClone(DEFAULT_RULES);
		expect(validateRules(older)).toEqual({ ok: true, data: DEFAULT_RULES });
	});
	it.each([
		['a Latin abbreviation', (r: typeof DEFAULT_RULES) => (r.letters.abbreviations.risk = 'FX'), 'letters.abbreviations.risk', '风险提醒函代字应为 1–4 个汉字'],
		['two kinds with one abbreviation', (r: typeof DEFAULT_RULES) => (r.letters.abbreviations.risk = '督函'), 'letters.abbreviations', '三种函件的代字不能相同'],
		['an office code with a digit', (r: typeof DEFAULT_RULES) => (r.letters.officeCodes['370100'] = '济1'), 'letters.officeCodes.370100', '机关代字应为 1–10 个汉字'],
		['an office keyed by name', (r: typeof DEFAULT_RULES) => (r.letters.officeCodes['济南'] = '济南信'), 'letters.officeCodes.济南', '机关代字应按 6 位行政区划代码配置'],
		['two offices with one code', (r: typeof DEFAULT_RULES) => (r.letters.officeCodes['370300'] = '鲁信'), 'letters.officeCodes', '两个机关不能使用同一机关代字'],
		['a negative overdue threshold', (r: typeof DEFAULT_RULES) => (r.letters.triggers.supervise.overdueDays = -1), 'letters.triggers.supervise.overdueDays', '督办函：逾期天数不能小于 0'],
		['a fractional repeat count', (r: typeof DEFAULT_RULES) => (r.letters.triggers.risk.repeatCount = 1.5), 'letters.triggers.risk.repeatCount', '风险提醒函：重复信访次数应为整数'],
		['serious overdue below the 督办 threshold', (r: typeof DEFAULT_RULES) => (r.letters.triggers.accountability.seriousOverdueDays = 1), 'letters.triggers.accountability.seriousOverdueDays', '严重逾期天数应大于督办函的逾期天数'],
		['a period ending before it starts', (r: typeof DEFAULT_RULES) => (r.letters.triggers.risk.sensitivePeriods = [{ name: '两会', from: '2027-03-10', to: '2027-03-01' }]), 'letters.triggers.risk.sensitivePeriods.0.to', '敏感时期结束日期不能早于开始日期'],
		['a period with a bad date', (r: typeof DEFAULT_RULES) => (r.letters.triggers.risk.sensitivePeriods = [{ name: '两会', from: '2027-02-30', to: '2027-03-01' }]), 'letters.triggers.risk.sensitivePeriods.0.from', '敏感时期开始日期应为 YYYY-MM-DD 格式的日期'],
		['信访上行 as text', (r: typeof DEFAULT_RULES) => (r.letters.triggers.risk.upward = 'yes' as never), 'letters.triggers.risk.upward', '风险提醒函：信访上行是否提醒应为是或否'],
		['escalation as text', (r: typeof DEFAULT_RULES) => (r.letters.escalateAfterDays = '3' as never), 'letters.escalateAfterDays', '升级函件：逾期未反馈天数应为数字']
	])('refuses %s', (_what, change, field, message) => {
		expect(edit(change)).toEqual({ ok: false, field, message });
	});
});

describe('nextFeedbackCheck: when the sweeper looks again', () => {
	it.each([
		['signed', '2026-12-31', '2026-12-01', '2026-12-25T16:00:00.000Z'], // yellow from 00:00 on 26 Dec
		['signed', '2026-12-31', '2026-12-27', '2026-12-30T16:00:00.000Z'], // due today from 00:00 on 31 Dec
		['issued', '2026-12-31', '2026-12-31 10:00', '2026-12-31T16:00:00.000Z'], // red at 24:00
		['overdue', '2026-12-31', '2027-01-02', null],
		['replied', '2026-12-31', '2026-12-01', null]
	] as [LetterStatus, string, string, string | null][])('%s due %s at %s → %s', (status, feedbackDue, now, next) => {
		expect(nextFeedbackCheck({ status, feedbackDue }, t(now), DEFAULT_RULES)?.toISOString() ?? null).toBe(next);
	});
});

describe('a sensitive period that is not a date at all', () => {
	it('is refused, not thrown', () => {
		const r = structuredClone(DEFAULT_RULES);
		r.letters.triggers.risk.sensitivePeriods = [{ name: '两会', from: 'abc', to: '2027-03-01' }];
		expect(validateRules(r)).toEqual({ ok: false, field: 'letters.triggers.risk.sensitivePeriods.0.from', message: '敏感时期开始日期应为 YYYY-MM-DD 格式的日期' });
	});
});
