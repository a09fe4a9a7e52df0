import { describe, expect, it } from 'vitest';
import { currentClock } from './clocks.ts';
import { addDays } from './deadlines.ts';
import { forecastConclusion, type Concluded } from './forecast.ts';
import { lightOf } from './lights.ts';
import { config, facts, t } from './spec-support.ts';

const cfg = config();
// the unit concluded five items in early February, taking 10, 20, 30, 40 and 50 days (median 30)
const history: Concluded[] = [10, 20, 30, 40, 50].map((days, i) => {
	const concluded = `2026-02-0${i + 1}`;
	return { acceptedAt: t(addDays(concluded, -days)), concludedAt: t(concluded) };
});
// accepted 3 March: due 2 May, a holiday, so 6 May
const open = facts({ received: '2026-02-26', routed: '2026-03-01', accepted: '2026-03-03' });

describe('forecastConclusion', () => {
	it('expects the median of longer cases less the days run, and says so', () => {
		const f = forecastConclusion(open, { concluded: history, openCount: 1 }, t('2026-03-13'), cfg);
		// 10 days run; cases longer than 10: 20 30 40 50 → median 35 → 25 more days
		expect(f).toMatchObject({ expected: '2026-04-07', due: '2026-05-06', atRisk: false, sample: 5, medianDays: 30, elapsedDays: 10, backlogFactor: 1 });
		expect(f.explanation).toBe('该单位近 5 件办结中位用时 30 天，本件已办 10 天；预计 2026-04-07 办结，期限 2026-05-06，预计按期');
	});

	it('stretches the remaining time when the backlog outruns the unit’s pace', () => {
		// 5 conclusions in 90 days; 3 open items take 54 days to clear = 1.8 × the median
		const f = forecastConclusion(open, { concluded: history, openCount: 3 }, t('2026-03-13'), cfg);
		expect(f).toMatchObject({ expected: '2026-04-27', atRisk: false, backlogFactor: 1.8 });
		expect(f.explanation).toContain('在办 3 件、近 90 天日均办结 0.1 件，按积压放大 1.8 倍');
	});

	it('flags risk while the light is still green', () => {
		const now = t('2026-03-13');
		const f = forecastConclusion(open, { concluded: history, openCount: 5 }, now, cfg); // 90 days to clear: × 3 → 75 days
		expect(f).toMatchObject({ expected: '2026-05-27', atRisk: true, backlogFactor: 3 });
		expect(f.explanation).toContain('预计晚于期限，存在逾期风险');
		expect(lightOf(currentClock(open, now, cfg), now, cfg.rules).light).toBe('green');
	});

	it('a unit’s pace, worked out once per instant, is the same as from a fresh copy', () => {
		const unit = { concluded: history, openCount: 3 };
		for (const [now, options] of [
			['2026-03-13', undefined],
			['2026-03-13', { sample: 3, minSample: 2, throughputDays: 30 }],
			['2026-02-03', undefined], // two of the five not concluded yet: too few
			['2026-02-04', { sample: 20, minSample: 3, throughputDays: 90 }],
			['2026-03-13', undefined]
		] as const)
			expect(forecastConclusion(open, unit, t(now), cfg, options)).toEqual(forecastConclusion(open, { concluded: [...history], openCount: 3 }, t(now), cfg, options));
	});

	it('conditions on the days already run', () => {
		const f = forecastConclusion(open, { concluded: history, openCount: 1 }, t('2026-04-07'), cfg);
		// 35 days run; longer cases 40 and 50 → median 45 → 10 more days
		expect(f).toMatchObject({ expected: '2026-04-17', elapsedDays: 35, atRisk: false });
	});

	it('an item that outlived every sample is at risk without a date', () => {
		const f = forecastConclusion(open, { concluded: history, openCount: 1 }, t('2026-04-27'), cfg);
		expect(f).toMatchObject({ expected: null, atRisk: true, elapsedDays: 55 });
		expect(f.explanation).toBe('本件已办 55 天，超过该单位近 5 件办结的最长用时，存在逾期风险');
	});

	it('needs enough recent conclusions, known by now', () => {
		const later = [...history.slice(0, 4), { acceptedAt: t('2026-03-01'), concludedAt: t('2026-03-20') }];
		const f = forecastConclusion(open, { concluded: later, openCount: 1 }, t('2026-03-13'), cfg);
		expect(f).toMatchObject({ expected: null, atRisk: false, sample: 4, explanation: '该单位近期办结样本不足（4 件，至少 5 件）' });
	});

	it('uses only the last `sample` conclusions', () => {
		const old = Array.from({ length: 30 }, (_, i) => ({ acceptedAt: t('2025-06-01'), concludedAt: t(addDays('2025-08-01', i)) })); // ~62 days each
		const f = forecastConclusion(open, { concluded: [...old, ...history], openCount: 1 }, t('2026-03-13'), cfg, { sample: 5, minSample: 5, throughputDays: 90 });
		expect(f).toMatchObject({ medianDays: 30, expected: '2026-04-07' });
	});

	it('only forecasts items whose conclusion clock runs', () => {
		const routed = facts({ received: '2026-02-26', routed: '2026-03-01' });
		expect(forecastConclusion(routed, { concluded: history, openCount: 1 }, t('2026-03-13'), cfg)).toMatchObject({
			expected: null,
			atRisk: false,
			explanation: '仅对办结时限运行中的事项预测'
		});
	});
});
