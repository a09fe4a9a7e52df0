import { describe, expect, it } from 'vitest';
import { clockSteps, currentClock, letterFeedbackClock, type ClockKind } from './clocks.ts';
import { lightOf, type Light } from './lights.ts';
import { DEFAULT_RULES, type Rules } from './rules.ts';
import { config, facts, t, type Short } from './spec-support.ts';
import { clockCases } from './clock-cases.fixture.ts';

const table = clockCases;

describe(`clocks and lights: ${table.length} hand-computed cases`, () => {
	it('has at least 60 cases', () => expect(table.length).toBeGreaterThanOrEqual(60));

	it.each(table)('$case', (row) => {
		const cfg = config(row.rules);
		const clock = currentClock(facts(row.item), t(row.now), cfg);
		const light = lightOf(clock, t(row.now), cfg.rules);
		expect({ kind: clock.kind, due: clock.due, light: light.light, overdue: light.daysOverdue }).toEqual({
			kind: row.kind,
			due: row.due,
			light: row.light,
			overdue: row.overdue ?? 0
		});
	});
});

describe('the clock says which rule fired', () => {
	const cfg = config();
	it('names the period, the extension, the holiday shift and the regulation', () => {
		const item = facts({ received: '2026-02-26', routed: '2026-03-01', accepted: '2026-03-03', ext: [[20, '2026-04-01'], [20, '2026-04-25']] });
		const clock = currentClock(item, t('2026-05-01'), cfg);
		expect(clock).toMatchObject({ kind: 'conclude', owner: 'office', start: '2026-03-03', limitDays: 60, extensionDays: 30, due: '2026-06-01' });
		expect(clock.basis).toContain('经批准延期 30 日');
		expect(clock.basis).toContain('延期合计 40 日，按上限 30 日计');
		expect(clock.basis).toContain('《信访条例》（2005）第33条');
		expect(clock.basis).toContain('《信访工作条例》（2022）'); // no article number: not verified
		expect(clock.basis).not.toMatch(/《信访工作条例》（2022）第/);
		expect(clock.citations[0]).toEqual({ regulation: '信访条例', version: '2005', article: '第33条' });
	});

	it('explains a holiday shift and a pause', () => {
		const shifted = currentClock(facts({ received: '2026-01-31' }), t('2026-02-01'), cfg);
		expect(shifted.basis).toContain('末日 2026-02-15 为法定节假日，顺延至 2026-02-24');
		const paused = currentClock(
			facts({ received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', review: ['2026-04-01', '2026-04-20'], recheck: ['2026-05-20'], pauses: [['2026-06-01', '2026-06-03']] }),
			t('2026-06-10'),
			cfg
		);
		// 6/1 09:00 – 6/3 09:00: two days by the period rule (the first day is not counted)
		expect(paused).toMatchObject({ pausedDays: 2, paused: false, pause: null });
		expect(paused.basis).toContain('听证等中止 2 日不计');
	});

	it('crossing a year without its notice: statutory days, and says the year is unconfirmed', () => {
		const clock = currentClock(facts({ received: '2026-12-17' }), t('2026-12-20'), cfg);
		expect(clock).toMatchObject({ due: '2027-01-02', unconfirmedYears: [2027] });
		expect(clock.basis).toContain('末日 2027-01-01 为法定节假日，顺延至 2027-01-02');
		expect(clock.basis).toContain('2027 年未录入当年调休安排，按法定节假日计');
		expect(lightOf(clock, t('2027-01-02 23:59'), cfg.rules).light).toBe('due_today');
		const inside = currentClock(facts({ received: '2026-03-03' }), t('2026-03-04'), cfg);
		expect([inside.unconfirmedYears, inside.basis.includes('未录入')]).toEqual([[], false]);
	});

	it('春节 2027 without a notice shifts a conclusion clock past 初三; a notice entered later moves it again', () => {
		const item = facts({ received: '2026-11-20', routed: '2026-11-30', accepted: '2026-12-07' });
		expect(currentClock(item, t('2027-01-10'), cfg).due).toBe('2027-02-09');
		const law = ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-04-05', '2027-05-01', '2027-05-02', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03'];
		const noticed = { ...cfg, calendar: [...cfg.calendar, { year: 2027, holidays: [...law, '2027-02-09', '2027-02-10', '2027-02-11'], workdays: [], verified: true, source: '通知' }] };
		const later = currentClock(item, t('2027-01-10'), noticed);
		expect(later).toMatchObject({ due: '2027-02-12', unconfirmedYears: [] });
		expect(later.basis).not.toContain('未录入');
	});

	it('an ordinary weekend is a 休息日, not a 法定节假日', () => {
		const clock = currentClock(facts({ received: '2026-03-06' }), t('2026-03-07'), config({ weekendExtends: true }));
		expect(clock.basis).toContain('末日 2026-03-21 为休息日，顺延至 2026-03-23');
		expect(clock.basis).not.toContain('法定节假日');
	});

	it('notes a late extension it ignored', () => {
		const clock = currentClock(facts({ received: '2026-02-26', routed: '2026-03-01', accepted: '2026-03-03', ext: [[30, '2026-05-07']] }), t('2026-05-08'), cfg);
		expect(clock.extensionDays).toBe(0);
		expect(clock.basis).toContain('2026-05-07 批准的延期晚于期限 2026-05-06，不予计算（延期须在期限届满前批准）');
	});

	it('says where a diverted item went, in Chinese', () => {
		const clock = currentClock(facts({ received: '2026-03-01', track: 'litigation', diverted: '2026-03-05' }), t('2026-04-01'), cfg);
		expect(clock.stop).toEqual({
			reason: '已导入诉讼、复议、检察、公安等法定途径（涉法涉诉），信访时限停止',
			track: 'litigation',
			trackLabel: '诉讼、复议、检察、公安等法定途径（涉法涉诉）'
		});
		expect(currentClock(facts({ received: '2026-03-01', track: 'administrative' }), t('2026-03-02'), cfg).stop?.trackLabel).toBe('行政程序');
	});

	it('marks request windows as the petitioner’s', () => {
		const clock = currentClock(facts({ received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10' }), t('2026-03-20'), cfg);
		expect(clock).toMatchObject({ kind: 'review-request', owner: 'petitioner' });
		expect(currentClock(facts({ received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10' }), t('2026-04-10'), cfg).stop?.reason).toBe(
			'复查申请期限已过，处理意见已生效'
		);
	});

	it('can pause the conclusion clock when the rules say so', () => {
		const item = facts({ received: '2026-03-01', routed: '2026-03-02', accepted: '2026-03-03', pauses: [['2026-03-10', '2026-03-14']] });
		expect(currentClock(item, t('2026-04-01'), cfg).due).toBe('2026-05-06'); // not pausable by default
		// 3/10 – 3/14: 4 days; 3/3 + 64 = 5/6 (the same day the 劳动节 shift gave without the pause)
		const paused = currentClock(item, t('2026-04-01'), config({ pausableClocks: ['conclude', 'recheck-decision'] }));
		expect([paused.due, paused.pausedDays]).toEqual(['2026-05-06', 4]);
	});
});

describe('clockSteps: the timeline of clocks', () => {
	const cfg = config();
	it('lists every step with whether it ended in time', () => {
		const item = facts({ received: '2026-01-05', routed: '2026-01-21', accepted: '2026-01-25', concluded: '2026-03-10', review: ['2026-04-01', '2026-05-06'] });
		const steps = clockSteps(item, t('2026-05-10'), cfg);
		expect(steps.map((s) => [s.clock.kind, s.clock.due, s.onTime])).toEqual([
			['route', '2026-01-20', false], // routed a day late
			['accept', '2026-02-05', true],
			['conclude', '2026-03-26', true],
			['review-request', '2026-04-09', true],
			['review-decision', '2026-05-06', true], // 1 May shifted to 6 May, decided on it
			['recheck-request', '2026-06-05', null] // still open
		]);
	});

	it('ends the running step when the item leaves the petition procedure', () => {
		const item = facts({ received: '2026-03-01', routed: '2026-03-02', accepted: '2026-03-05', track: 'duty', diverted: '2026-04-01' });
		const steps = clockSteps(item, t('2026-06-01'), cfg);
		expect(steps.map((s) => [s.clock.kind, s.endedAt?.toISOString(), s.onTime])).toEqual([
			['route', t('2026-03-02').toISOString(), true],
			['accept', t('2026-03-05').toISOString(), true],
			['conclude', t('2026-04-01').toISOString(), true]
		]);
		expect(clockSteps(facts({ received: '2026-03-01', track: 'arbitration' }), t('2026-06-01'), cfg)).toEqual([]);
	});

	it('brief steps of chosen kinds carry the same dates, states and verdicts as the full steps', () => {
		const items = [
			facts({ received: '2026-01-05', routed: '2026-01-21', accepted: '2026-01-25', concluded: '2026-03-10', review: ['2026-04-01', '2026-05-06'] }),
			facts({ received: '2026-03-01', routed: '2026-03-02', accepted: '2026-03-05', track: 'duty', diverted: '2026-04-01' }),
			...clockCases.map((c) => facts(c.item))
		];
		const essentials = (s: ReturnType<typeof clockSteps>[number]) => [s.clock.kind, s.clock.due, s.clock.paused, s.clock.extensionDays, s.clock.pausedDays, s.endedAt, s.onTime];
		for (const item of items) {
			const now = t('2026-06-01');
			const full = clockSteps(item, now, cfg).filter((s) => s.clock.kind === 'accept' || s.clock.kind === 'conclude');
			const brief = clockSteps(item, now, cfg, { kinds: ['accept', 'conclude'], brief: true });
			expect(brief.map(essentials)).toEqual(full.map(essentials));
			expect(brief.every((s) => s.clock.basis === '')).toBe(true);
		}
	});

	it('ignores facts stamped after now', () => {
		const item = facts({ received: '2026-03-01', routed: '2026-03-02', accepted: '2026-03-05' });
		expect(clockSteps(item, t('2026-03-03'), cfg).map((s) => s.clock.kind)).toEqual(['route', 'accept']);
	});
});

describe('letterFeedbackClock (督办函 written feedback, 30 days)', () => {
	const cfg = config();
	const rows: [issued: string, replied: string | null, now: string, kind: ClockKind, due: string | null, light: Light][] = [
		['2026-09-01', null, '2026-10-03', 'letter-feedback', '2026-10-08', 'yellow'], // 1 Oct in 国庆 → 8 Oct
		['2026-09-01', '2026-09-20', '2026-10-03', 'none', null, 'none'],
		['2026-11-01', null, '2026-12-02', 'letter-feedback', '2026-12-01', 'red'],
		['2026-11-01', null, '2026-10-30', 'none', null, 'none'], // not issued yet
		['2026-11-01', '2026-12-05', '2026-12-01', 'letter-feedback', '2026-12-01', 'due_today'] // reply after now
	];
	it.each(rows)('issued %s, replied %s, at %s → %s %s %s', (issued, replied, now, kind, due, light) => {
		const clock = letterFeedbackClock({ issuedAt: t(issued), repliedAt: replied ? t(replied) : null }, t(now), cfg);
		expect([clock.kind, clock.due, lightOf(clock, t(now), DEFAULT_RULES).light]).toEqual([kind, due, light]);
		if (kind !== 'none') expect(clock.basis).toContain('《信访条例》（2005）第36条');
	});
});
