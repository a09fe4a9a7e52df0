import { describe, expect, it } from 'vitest';
import { pauseRefusal } from './clock-guards.ts';
import { offered as offeredAt } from './lifecycle-offer.ts';
import { actors, dayAfter, life } from './lifecycle.fixture.ts';
import { config } from './spec-support.ts';
import type { Actor, LifeFacts } from './lifecycle.ts';

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
	it('concluded: evaluate until evaluated; the office also 复查, 终结, 退回', () => {
		expect(offered(life('concluded'), actors.office)).toEqual(['evaluate', 'review-request', 'close', 'send-back']);
		expect(offered(life('concluded', { satisfaction: 'basic' }), actors.unit)).toEqual([]);
		expect(offered(life('concluded'), actors.leader)).toEqual([]);
	});
	it('复查 then 复核 as each step is reached', () => {
		expect(offered(life('review'), actors.office)).toEqual(['evaluate', 'review-decide', 'close']);
		expect(offered(life('recheck'), actors.office)).toEqual(['pause-start', 'evaluate', 'recheck-decide', 'close']);
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
