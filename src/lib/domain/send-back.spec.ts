import { describe, expect, it } from 'vitest';
import { clockSteps, currentClock } from './clocks.ts';
import { decide } from './lifecycle.ts';
import { actors, life } from './lifecycle.fixture.ts';
import { computeRates, factsUntil, rateInput, type RateItem } from './rates.ts';
import { config, facts, t, type Short } from './spec-support.ts';

/**
 * 退回重办 keeps the acceptance's own date: the 受理告知 clock ends when the unit accepted, and
 * only the 办结 clock restarts, 60 days from the send-back (README, the lifecycle's table).
 * The reviewer's case: routed 03-02, accepted 03-05, concluded 04-20, sent back 05-10.
 */
const c = config();
const rateItem = (s: Short): RateItem => ({ ...facts(s), id: '1', unitId: 1, unitKind: 'government', channel: 'letter', isRepeat: false, repeatedLater: false, satisfaction: null });
const concluded: Short = { received: '2026-03-01', routed: '2026-03-02', accepted: '2026-03-05', concluded: '2026-04-20', replied: '2026-04-20', status: 'concluded' };
const sentBack: Short = { received: '2026-03-01', routed: '2026-03-02', accepted: '2026-03-05', reopened: '2026-05-10', status: 'handling' };
const spring = { from: '2026-03-01', to: '2026-05-31' };
const counts = (s: Short, period: { from: string; to: string }, now: string) => {
	const r = computeRates([rateItem(s)], period, t(now), c);
	const n = (x: { numerator: number; denominator: number }) => `${x.numerator}/${x.denominator}`;
	return { timelyAcceptance: n(r.timelyAcceptance), onTimeConclusion: n(r.onTimeConclusion) };
};

describe('退回重办: the acceptance keeps its date, the 办结 clock restarts from the send-back', () => {
	it('the decision stamps reopenedAt, leaves acceptedAt, and sets the new 办结 due 60 days on', () => {
		const at = t('2026-05-10 09:00');
		const item = life('concluded', {}, { routed: '2026-03-02 09:00', accepted: '2026-03-05 09:00', concluded: '2026-04-20 09:00', replied: '2026-04-20 09:00' });
		const d = decide({ ...item, lastAt: t('2026-04-20 09:00') }, actors.office, 'send-back', { reason: '未回应主要诉求' }, at, c);
		if (!d.ok) throw new Error(d.message);
		expect(d.changes.item.reopenedAt).toEqual(at);
		expect('acceptedAt' in d.changes.item).toBe(false);
		expect(d.changes.item.concludeDue).toBe('2026-07-09');
	});

	it('the 受理告知 step ends at the real acceptance; the 办结 clock starts at the send-back', () => {
		const item = facts(sentBack);
		const steps = clockSteps(item, t('2026-05-11'), c);
		const accept = steps.find((s) => s.clock.kind === 'accept')!;
		expect(accept.endedAt).toEqual(t('2026-03-05'));
		expect(accept.onTime).toBe(true);
		const conclude = currentClock(item, t('2026-05-11'), c);
		expect(conclude).toMatchObject({ kind: 'conclude', start: '2026-05-10', due: '2026-07-09' });
		// read as of a day before the send-back, the 办结 clock ran from the acceptance
		expect(currentClock(item, t('2026-05-01'), c)).toMatchObject({ kind: 'conclude', start: '2026-03-05', due: '2026-05-06' }); // 05-04 falls in 劳动节
	});

	it('a later acceptance (改派 then 受理 again) starts 办结 from itself, not from the earlier send-back', () => {
		const item = facts({ ...sentBack, routed: '2026-05-12', accepted: '2026-05-14', status: 'accepted' });
		expect(currentClock(item, t('2026-05-15'), c)).toMatchObject({ kind: 'conclude', start: '2026-05-14' });
	});

	it('rates: 及时受理率 stays 1/1 after the send-back; 办结 is judged on the new clock', () => {
		expect(counts(concluded, spring, '2026-05-09')).toEqual({ timelyAcceptance: '1/1', onTimeConclusion: '1/1' });
		// after the send-back the conclusion is undone: nothing is due for 办结 until 07-09
		expect(counts(sentBack, spring, '2026-05-11')).toEqual({ timelyAcceptance: '1/1', onTimeConclusion: '0/0' });
		const summer = { from: '2026-06-01', to: '2026-07-31' };
		// still open after 07-09: overdue on the new clock
		expect(counts(sentBack, summer, '2026-07-15')).toEqual({ timelyAcceptance: '0/0', onTimeConclusion: '0/1' });
		// due today is not late yet
		expect(counts(sentBack, summer, '2026-07-09 20:00')).toEqual({ timelyAcceptance: '0/0', onTimeConclusion: '0/0' });
		// concluded again within 60 days of the send-back (but 107 days after the acceptance): on time
		const redone: Short = { ...sentBack, concluded: '2026-06-20', replied: '2026-06-20', status: 'concluded' };
		expect(counts(redone, summer, '2026-07-15')).toEqual({ timelyAcceptance: '0/0', onTimeConclusion: '1/1' });
		expect(counts(redone, { from: '2026-03-01', to: '2026-07-31' }, '2026-07-15')).toEqual({ timelyAcceptance: '1/1', onTimeConclusion: '1/1' });
	});

	it('rate inputs: the acceptance day and judgement are the real ones, the open 办结 due the new one', () => {
		const item = rateItem(sentBack);
		expect(factsUntil(item)).toEqual(t('2026-05-10'));
		expect(rateInput(item, c)).toMatchObject({ acceptDay: '2026-03-05', acceptOnTime: true, concludeDay: null, concludeOpenDue: '2026-07-09', live: false });
	});
});
