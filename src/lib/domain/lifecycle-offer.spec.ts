import { describe, expect, it } from 'vitest';
import { pauseRefusal } from './clock-guards.ts';
import { offered as offeredAt } from './lifecycle-offer.ts';
import { actors, dayAfter, life } from './lifecycle.fixture.ts';
import { config, t } from './spec-support.ts';
import { decide, type Actor, type LifeFacts } from './lifecycle.ts';

const offered = (f: LifeFacts, a: Actor) => offeredAt(f, a, dayAfter(f.status), config());

const pending = { days: 5, reason: '复杂', requestedAt: new Date('2026-03-20T01:00:00Z') };

describe('the actions offered now', () => {
	it('the office routes a registered item; a unit sees nothing to do with it', () => {
		expect(offered(life('registered'), actors.office)).toEqual(['route', 'refuse-again']);
		expect(offered(life('registered'), actors.unit)).toEqual([]);
	});
	it('the unit accepts or refuses what it was sent; another unit nothing', () => {
		expect(offered(life('routed'), actors.unit)).toEqual(['accept', 'reject', 'refuse-again']);
		expect(offered(life('routed'), actors.otherUnit)).toEqual([]);
	});
	it('in hand: a pending extension is offered to the head, not to the clerk', () => {
		const f = life('handling', { pendingExtension: pending });
		expect(offered(f, actors.unit)).toEqual(['conclude']);
		expect(offered(f, actors.head)).toEqual(['extend-approve', 'extend-deny', 'conclude']);
		expect(offered(f, actors.office)).toEqual(['reassign', 'extend-approve', 'extend-deny']);
		// where the rules let the 办结 clock pause, it is offered
		expect(offeredAt(f, actors.unit, dayAfter('handling'), config({ pausableClocks: ['conclude'] }))).toEqual(['pause-start', 'conclude']);
	});
	it('an open pause offers resuming only', () => {
		const f = life('handling', {}, { pauses: [['2026-03-10 09:00', null]] });
		expect(offered(f, actors.unit)).toEqual(['extend-request', 'pause-end', 'conclude']);
	});
	it('concluded: evaluate until evaluated; the office also 复查 while its window runs, and 退回', () => {
		expect(offered(life('concluded'), actors.office)).toEqual(['evaluate', 'review-request', 'send-back']);
		expect(offered(life('concluded', { satisfaction: 'basic' }), actors.unit)).toEqual([]);
		expect(offered(life('concluded'), actors.leader)).toEqual([]);
	});
	it('复查 then 复核 as each step is reached', () => {
		expect(offered(life('review'), actors.office)).toEqual(['evaluate', 'review-decide']);
		expect(offered(life('recheck'), actors.office)).toEqual(['pause-start', 'evaluate', 'recheck-decide']);
	});
	it('终结 only once no clock runs, exactly where decide() takes it; a passed window is no longer offered', () => {
		const c = config();
		const concluded = life('concluded');
		// the 复查申请 window (30 days from 2026-04-01) still runs: 终结 is not offered, and would be refused
		const during = new Date('2026-04-20T02:00:00Z');
		expect(offeredAt(concluded, actors.office, during, c)).toEqual(['evaluate', 'review-request', 'send-back']);
		expect(decide(concluded, actors.office, 'close', {}, during, c)).toMatchObject({ ok: false, rule: 'close.running' });
		// once it has passed: 终结, and no longer 复查申请 (its window is gone)
		const after = new Date('2026-06-01T02:00:00Z');
		expect(offeredAt(concluded, actors.office, after, c)).toEqual(['evaluate', 'close', 'send-back']);
		expect(decide(concluded, actors.office, 'close', {}, after, c).ok).toBe(true);
		expect(decide(concluded, actors.office, 'review-request', {}, after, c)).toMatchObject({ ok: false, rule: 'review.window' });
		// 复核 decided: the 复核意见 is final, nothing runs, 终结 is offered
		const decided = life('recheck', {}, { recheck: ['2026-04-25 09:00', '2026-05-10 09:00', '2026-05-10 09:00'] });
		expect(offeredAt(decided, actors.office, new Date('2026-05-12T02:00:00Z'), c)).toEqual(['evaluate', 'close']);
		// for every status and every day of a year, the panel offers 终结 exactly when decide() takes it
		for (const status of ['concluded', 'review', 'recheck'] as const)
			for (let day = 0; day < 120; day += 3) {
				const at = new Date(t('2026-04-02 10:00').getTime() + day * 86400_000);
				const f = life(status);
				if (at < f.lastAt) continue;
				expect(offeredAt(f, actors.office, at, c).includes('close'), `${status} +${day}`).toBe(decide(f, actors.office, 'close', {}, at, c).ok);
			}
	});
	it('pausing is offered exactly where the guard takes it, and on an expired clock so decide() says why', () => {
		const c = config({ pausableClocks: ['conclude'] });
		const f = life('handling');
		for (const at of [dayAfter('handling'), new Date('2026-12-01T02:00:00Z')]) {
			const refusal = pauseRefusal(f, at, c);
			expect(offeredAt(f, actors.unit, at, c).includes('pause-start')).toBe(!refusal || refusal.rule === 'pause.expired');
		}
		expect(pauseRefusal(f, new Date('2026-12-01T02:00:00Z'), c)?.rule).toBe('pause.expired');
		// the 受理 clock is not pausable under these rules: the guard refuses, so it is not offered
		expect(pauseRefusal(life('routed'), dayAfter('routed'), c)?.rule).toBe('pause.not-pausable');
		expect(offeredAt(life('routed'), actors.office, dayAfter('routed'), c)).not.toContain('pause-start');
	});
});
