import { describe, expect, it } from 'vitest';
import { extensionRefusal, pauseRefusal } from './clock-guards.ts';
import { currentClock } from './clocks.ts';
import { lightOf } from './lights.ts';
import { config, facts, t } from './spec-support.ts';

const cfg = config();
// accepted 3 March 2026: 办结 due 2 May → 劳动节 → 6 May
const handling = (ext: [number, string][] = []) => facts({ received: '2026-02-26', routed: '2026-03-01', accepted: '2026-03-03', ext });
// 复核 requested 10 June 2026: due 10 July
const recheck = (pauses: [string, string | null][] = []) =>
	facts({ received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', review: ['2026-04-01', '2026-04-20'], recheck: ['2026-06-10'], pauses });

describe('extensionRefusal (《信访条例》第33条)', () => {
	it('allows an extension within the period and the 30-day total', () => {
		expect(extensionRefusal(handling(), 30, t('2026-05-06 17:00'), cfg)).toBeNull();
		expect(extensionRefusal(handling([[20, '2026-04-01']]), 10, t('2026-04-20'), cfg)).toBeNull();
	});

	it('refuses one approved after expiry, naming the rule', () => {
		expect(extensionRefusal(handling(), 10, t('2026-05-07 09:00'), cfg)).toEqual({ rule: 'extension.expired', field: 'days', message: '【延期须在办结期限届满前批准（《信访条例》第33条）】办结期限已于 2026-05-06 届满' });
	});

	it('refuses past the statute’s 30 days in total, whatever the rules say', () => {
		expect(extensionRefusal(handling([[20, '2026-04-01']]), 20, t('2026-04-20'), cfg)).toEqual({ rule: 'extension.cap', field: 'days', message: '【延期合计不得超过 30 日（《信访条例》第33条）】已延期 20 日，最多还可延期 10 日' });
		expect(extensionRefusal(handling([[30, '2026-04-01']]), 1, t('2026-04-20'), cfg)).toEqual({ rule: 'extension.cap', field: 'days', message: '【延期合计不得超过 30 日（《信访条例》第33条）】已延期 30 日，不能再延期' });
		expect(extensionRefusal(handling(), 31, t('2026-04-20'), cfg)).toEqual({ rule: 'input', field: 'days', message: '【延期天数】延期天数应为 1–30 的整数（《信访条例》第33条：延长期限不得超过 30 日）' });
		for (const days of [0, 2.5, NaN]) expect(extensionRefusal(handling(), days, t('2026-04-20'), cfg)?.rule).toBe('input');
	});

	it('counts the extensions the clock counted, not a raw sum of the rows', () => {
		// two 30-day rows (legacy data): the clock counts 30, so the refusal says 30, not 60
		const refused = extensionRefusal(handling([[30, '2026-04-01'], [30, '2026-04-02']]), 1, t('2026-04-20'), cfg);
		expect(refused).toEqual({ rule: 'extension.cap', field: 'days', message: '【延期合计不得超过 30 日（《信访条例》第33条）】已延期 30 日，不能再延期' });
	});

	it('refuses outside the 办结 clock', () => {
		expect(extensionRefusal(facts({ received: '2026-03-01' }), 10, t('2026-03-05'), cfg)).toEqual({ rule: 'extension.clock', field: 'days', message: '【延期须在办结期限内（《信访条例》第33条）】只有办结期限可以延期，当前计时的是转送交办期限' });
		expect(extensionRefusal(facts({ received: '2026-03-01', status: 'closed', closed: '2026-03-02' }), 10, t('2026-03-05'), cfg)).toEqual({ rule: 'extension.clock', field: 'days', message: '【延期须在办结期限内（《信访条例》第33条）】只有办结期限可以延期，当前没有计时的期限（已终结）' });
	});

	it('the clock agrees: an extension approved after expiry adds nothing, nor does a 31st day', () => {
		expect(currentClock(handling([[10, '2026-05-07']]), t('2026-05-08'), cfg).due).toBe('2026-05-06');
		const capped = currentClock(handling([[30, '2026-04-01'], [30, '2026-04-02'], [30, '2026-04-03']]), t('2026-05-08'), cfg);
		expect([capped.extensionDays, capped.due]).toEqual([30, '2026-06-01']);
		expect(capped.basis).toContain('延期合计 90 日，按上限 30 日计');
	});
});

describe('pauseRefusal (听证: only while the clock runs, before expiry)', () => {
	it('allows a hearing on a running 复核 clock, up to its last day', () => {
		expect(pauseRefusal(recheck(), t('2026-06-20'), cfg)).toBeNull();
		expect(pauseRefusal(recheck(), t('2026-07-10 23:00'), cfg)).toBeNull();
	});

	it('refuses where no office’s clock runs: the petitioner’s 复查 window is not paused', () => {
		const concluded = facts({ received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10' });
		expect(pauseRefusal(concluded, t('2026-03-20'), config({ pausableClocks: ['conclude', 'recheck-decision', 'review-request'] as never }))?.rule).toBe('pause.not-running');
	});

	it('refuses on an expired clock: an overdue clock stays red', () => {
		expect(pauseRefusal(recheck(), t('2026-07-15'), cfg)).toEqual({ rule: 'pause.expired', field: 'reason', message: '【中止不能恢复已届满的期限】复核办理期限已于 2026-07-10 届满，中止须在期限届满前开始，已逾期的期限不因中止恢复计时' });
		const late = currentClock(recheck([['2026-07-15', null]]), t('2026-07-16'), cfg);
		expect([late.paused, lightOf(late, t('2026-07-16'), cfg.rules).light]).toEqual([false, 'red']);
		expect(late.basis).toContain('2026-07-15 开始的中止晚于期限 2026-07-10，不予计算');
	});

	it('refuses a second pause while one is open, and on a clock the rules do not let pause', () => {
		expect(pauseRefusal(recheck([['2026-06-15', null]]), t('2026-06-20'), cfg)).toEqual({ rule: 'pause.open', field: 'reason', message: '【中止计时】计时已于 2026-06-15 中止，请先恢复计时' });
		expect(pauseRefusal(handling(), t('2026-04-01'), cfg)).toEqual({ rule: 'pause.not-pausable', field: 'reason', message: '【可中止的时限（听证时间不计入，《信访条例》第35条）】办结期限不可中止：时限规则只允许中止复核办理期限（《信访条例》（2005）第33条；《信访工作条例》（2022））' });
		expect(pauseRefusal(facts({ received: '2026-03-01', status: 'closed', closed: '2026-03-02' }), t('2026-03-05'), cfg)).toEqual({ rule: 'pause.not-running', field: 'reason', message: '【中止计时只能在时限运行中】当前没有运行中的办理时限（已终结）' });
	});

	it('a same-day pause excludes nothing, and says so', () => {
		const clock = currentClock(recheck([['2026-06-15 09:00', '2026-06-15 11:00']]), t('2026-06-20'), cfg);
		expect([clock.pausedDays, clock.due]).toEqual([0, '2026-07-10']);
		expect(clock.basis).toContain('2026-06-15 的中止当日开始当日结束，按期间计算规则不计日数');
	});

	it('an open pause shows its age, and past the rules’ maximum a light of its own', () => {
		const open = recheck([['2026-06-15 09:00', null]]);
		expect(currentClock(open, t('2026-06-25'), cfg).pause).toEqual({ since: '2026-06-15', ageDays: 10, maxDays: 30, over: false });
		const old = currentClock(open, t('2026-07-20'), cfg);
		expect(old.pause).toEqual({ since: '2026-06-15', ageDays: 35, maxDays: 30, over: true });
		expect(lightOf(old, t('2026-07-20'), cfg.rules)).toMatchObject({ light: 'paused', label: '中止超期（已 35 天，上限 30 天）' });
		expect(lightOf(currentClock(open, t('2026-06-25'), cfg), t('2026-06-25'), cfg.rules).label).toBe('中止计时（已 10 天）');
		expect(currentClock(open, t('2026-06-25'), config({ maxPauseDays: 7 })).pause?.over).toBe(true);
	});
});
