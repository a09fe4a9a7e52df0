import { describe, expect, it } from 'vitest';
import { decide, type Action, type Actor, type Decision, type LifeFacts } from './lifecycle.ts';
import { actors, dayAfter, inputFor, life } from './lifecycle.fixture.ts';
import { config, t } from './spec-support.ts';

const run = (f: LifeFacts, actor: Actor, action: Action, input: unknown, at: Date, c = config()): Decision => decide(f, actor, action, input as never, at, c);
const ok = (d: Decision) => {
	if (!d.ok) throw new Error(`refused: ${d.rule} ${d.message}`);
	return d.changes;
};
const refused = (d: Decision, rule: string, field?: string) => {
	expect(d.ok ? 'accepted' : d.rule).toBe(rule);
	if (!d.ok && field) expect(d.field).toBe(field);
	if (!d.ok) expect(d.message).toMatch(/^【[^】]+】/);
};
const pending = { days: 10, reason: '情况复杂', requestedAt: t('2026-03-20 09:00') };

describe('转送交办 and 改派', () => {
	it('routing starts the 15-day acceptance clock at the unit', () => {
		const at = t('2026-03-03 10:00');
		const c = ok(run(life('registered'), actors.office, 'route', { unitId: 7, unitRegion: '370102', unitName: '人社局' }, at));
		expect(c.item).toMatchObject({ status: 'routed', unitId: 7, routedAt: at, acceptDue: '2026-03-18' });
		expect(c.event).toEqual({ from: 'registered', to: 'routed', note: '转送交办至人社局' });
	});
	it('改派 before acceptance restarts the acceptance clock at the new unit', () => {
		const at = t('2026-03-10 10:00');
		const c = ok(run(life('routed'), actors.office, 'reassign', inputFor('reassign', at), at));
		expect(c.item).toMatchObject({ status: 'routed', unitId: 8, routedAt: at, acceptedAt: null, acceptDue: '2026-03-25', concludeDue: null });
	});
	it('改派 after acceptance clears the acceptance', () => {
		const at = t('2026-03-10 10:00');
		const c = ok(run(life('handling'), actors.office, 'reassign', inputFor('reassign', at), at));
		expect(c.item).toMatchObject({ status: 'routed', acceptedAt: null, routedAt: at });
		expect(c.event.from).toBe('handling');
	});
	it('改派 to the same unit, or once extended or paused, is refused', () => {
		const at = t('2026-03-10 10:00');
		refused(run(life('routed'), actors.office, 'reassign', { ...inputFor('reassign', at), unitId: 7 }, at), 'reassign.same-unit', 'unitId');
		const extended = life('handling', {}, { ext: [[10, '2026-03-08 09:00']] });
		refused(run(extended, actors.office, 'reassign', inputFor('reassign', at), at), 'reassign.clock-facts');
		refused(run(life('handling', { pendingExtension: pending }), actors.office, 'reassign', inputFor('reassign', at), at), 'reassign.clock-facts');
		refused(run(life('handling', {}, { pauses: [['2026-03-08 09:00', null]] }), actors.office, 'reassign', inputFor('reassign', at), at), 'reassign.clock-facts');
	});
	it('a unit must be chosen and a reason given', () => {
		const at = dayAfter('registered');
		refused(run(life('registered'), actors.office, 'route', {}, at), 'input', 'unitId');
		refused(run(life('routed'), actors.office, 'reassign', { unitId: 8, unitRegion: '370102', reason: ' ' }, at), 'input', 'reason');
	});
});

describe('受理, 不予受理, 不再受理, 开始办理', () => {
	it('受理 starts the 60-day conclusion clock', () => {
		const at = t('2026-03-05 09:00');
		const c = ok(run(life('routed'), actors.unit, 'accept', {}, at));
		// 60 days end on 05-04, within the 劳动节 holiday (05-01 … 05-05): the period runs to 05-06
		expect(c.item).toMatchObject({ status: 'accepted', acceptedAt: at, concludeDue: '2026-05-06' });
	});
	it('受理 after the acceptance period is still recorded (late, the light says so)', () => {
		expect(run(life('routed'), actors.unit, 'accept', {}, t('2026-04-30 09:00')).ok).toBe(true);
	});
	it('不予受理 records the reason and the 告知 date, and no clock runs after', () => {
		const at = t('2026-03-10 09:00');
		const c = ok(run(life('routed'), actors.unit, 'reject', { reason: '应通过诉讼解决', noticeOn: '2026-03-09' }, at));
		expect(c.item).toMatchObject({ status: 'rejected', rejectedAt: at, noticeOn: '2026-03-09', decisionText: '应通过诉讼解决' });
		expect(c.item.acceptDue).toBeUndefined();
	});
	it('不予受理 needs a reason and a 告知 date between routing and today', () => {
		const at = t('2026-03-10 09:00');
		refused(run(life('routed'), actors.unit, 'reject', { reason: '', noticeOn: '2026-03-09' }, at), 'input', 'reason');
		refused(run(life('routed'), actors.unit, 'reject', { reason: '理由', noticeOn: '2026-02-30' }, at), 'input', 'noticeOn');
		refused(run(life('routed'), actors.unit, 'reject', { reason: '理由', noticeOn: '2026-03-11' }, at), 'input', 'noticeOn');
		refused(run(life('routed'), actors.unit, 'reject', { reason: '理由', noticeOn: '2026-03-02' }, at), 'input', 'noticeOn');
	});
	it('不再受理 at registration closes the routing step and points at the earlier item', () => {
		const at = t('2026-03-03 09:00');
		const c = ok(run(life('registered'), actors.office, 'refuse-again', inputFor('refuse-again', at), at));
		expect(c.item).toMatchObject({ status: 'rejected', routedAt: at, rejectedAt: at, repeatOf: '1' });
	});
	it('不再受理 needs an earlier item concluded through 复查 or 复核, not this one', () => {
		const at = dayAfter('routed');
		const input = inputFor('refuse-again', at) as { prior: object };
		refused(run(life('routed'), actors.unit, 'refuse-again', { ...input, prior: null }, at), 'refuse-again.prior', 'prior');
		refused(run(life('routed'), actors.unit, 'refuse-again', { ...input, prior: { id: '100', serial: 'x', concludedThroughAppeal: true } }, at), 'refuse-again.prior');
		refused(run(life('routed'), actors.unit, 'refuse-again', { ...input, prior: { id: '1', serial: 'x', concludedThroughAppeal: false } }, at), 'refuse-again.prior');
	});
	it('开始办理 keeps the conclusion clock', () => {
		const at = dayAfter('accepted');
		const c = ok(run(life('accepted'), actors.unit, 'start', {}, at));
		expect(c.item).toMatchObject({ status: 'handling', concludeDue: '2026-05-06' });
	});
});

describe('申请延期 and 批准延期 (第33条)', () => {
	const at = t('2026-04-20 09:00');
	it('a unit asks; nothing changes on the clock until approved', () => {
		const c = ok(run(life('handling'), actors.unit, 'extend-request', { days: 10, reason: '情况复杂' }, at));
		expect(c.extensionRequest).toEqual({ days: 10, reason: '情况复杂' });
		expect(c.item).toEqual({ concludeDue: '2026-05-06' });
	});
	it('the unit head or the office approves, and the conclusion clock moves', () => {
		for (const actor of [actors.head, actors.office]) {
			const c = ok(run(life('handling', { pendingExtension: pending }), actor, 'extend-approve', {}, at));
			expect(c.extension).toEqual({ days: 10, approvedBy: actor.name, reason: '情况复杂' });
			expect(c.item).toEqual({ extendedDays: 10, concludeDue: '2026-05-14' });
		}
	});
	it('the 信访部门 grants in one step: asked and approved at once, the clock moves, the request closed', () => {
		const c = ok(run(life('handling'), actors.office, 'extend-request', { days: 10, reason: '情况复杂' }, at));
		expect(c.extensionRequest).toEqual({ days: 10, reason: '情况复杂' });
		expect(c.extension).toEqual({ days: 10, approvedBy: actors.office.name, reason: '情况复杂' });
		expect(c.extensionDecision).toEqual({ approved: true });
		expect(c.item).toEqual({ extendedDays: 10, concludeDue: '2026-05-14' });
		expect(c.event.note).toBe('信访部门批准延期 10 日：情况复杂');
		// the unit head asks like the unit: approval is a second step
		expect(ok(run(life('handling'), actors.head, 'extend-request', { days: 10, reason: '情况复杂' }, at)).extension).toBeUndefined();
	});
	it('the one-step grant keeps every guard of the statute', () => {
		refused(run(life('handling'), actors.office, 'extend-request', { days: 5, reason: '迟了' }, t('2026-05-07 09:00')), 'extension.expired', 'days');
		refused(run(life('handling', {}, { ext: [[25, '2026-04-01 09:00']] }), actors.office, 'extend-request', { days: 6, reason: '再延' }, at), 'extension.cap', 'days');
		refused(run(life('handling', { pendingExtension: pending }), actors.office, 'extend-request', { days: 5, reason: '再延' }, at), 'extension.pending', 'days');
	});
	it('a second request while one is open is refused', () => {
		refused(run(life('handling', { pendingExtension: pending }), actors.unit, 'extend-request', { days: 5, reason: '再延' }, at), 'extension.pending', 'days');
	});
	it('after the clock expired: neither asked nor approved', () => {
		const late = t('2026-05-07 09:00');
		refused(run(life('handling'), actors.unit, 'extend-request', { days: 5, reason: '迟了' }, late), 'extension.expired', 'days');
		refused(run(life('handling', { pendingExtension: pending }), actors.office, 'extend-approve', {}, late), 'extension.expired');
	});
	it('on the last day it still may', () => {
		expect(run(life('handling', { pendingExtension: pending }), actors.office, 'extend-approve', {}, t('2026-05-06 23:00')).ok).toBe(true);
	});
	it('beyond 30 days in total: refused', () => {
		const extended = life('handling', { pendingExtension: { ...pending, days: 10 } }, { ext: [[25, '2026-04-01 09:00']] });
		refused(run(extended, actors.office, 'extend-approve', {}, at), 'extension.cap');
		refused(run(life('handling', {}, { ext: [[25, '2026-04-01 09:00']] }), actors.unit, 'extend-request', { days: 6, reason: '再延' }, at), 'extension.cap');
		expect(run(life('handling', {}, { ext: [[25, '2026-04-01 09:00']] }), actors.unit, 'extend-request', { days: 5, reason: '再延' }, at).ok).toBe(true);
	});
	it('days outside 1–30 are refused as input', () => {
		for (const days of [0, 31, 2.5, '10']) refused(run(life('handling'), actors.unit, 'extend-request', { days, reason: '理由' }, at), 'input', 'days');
	});
	it('approving or denying with nothing asked is refused', () => {
		refused(run(life('handling'), actors.office, 'extend-approve', {}, at), 'extension.none');
		refused(run(life('handling'), actors.head, 'extend-deny', { reason: '不批' }, at), 'extension.none');
	});
	it('denying closes the request and leaves the clock', () => {
		const c = ok(run(life('handling', { pendingExtension: pending }), actors.head, 'extend-deny', { reason: '理由不足' }, at));
		expect(c.extensionDecision).toEqual({ approved: false });
		expect(c.extension).toBeUndefined();
	});
	it('outside the conclusion step there is no extension', () => {
		const f = life('handling', { status: 'accepted' }, { concluded: '2026-04-01 09:00' });
		refused(run(f, actors.unit, 'extend-request', { days: 5, reason: '理由' }, at), 'extension.clock');
	});
});

describe('听证: pause and resume (only while the clock runs)', () => {
	const pausable = config({ pausableClocks: ['conclude', 'recheck-decision'] });
	const at = t('2026-04-20 09:00');
	it('the 复核 clock pauses under the default rules', () => {
		const c = ok(run(life('recheck'), actors.office, 'pause-start', { reason: '举行听证' }, t('2026-05-01 09:00')));
		expect(c.pauseStart).toEqual({ reason: '举行听证' });
		expect(c.event.note).toContain('复核办理');
	});
	it('the 办结 clock pauses only where the rules make it pausable', () => {
		refused(run(life('handling'), actors.unit, 'pause-start', { reason: '听证' }, at), 'pause.not-pausable');
		expect(run(life('handling'), actors.unit, 'pause-start', { reason: '听证' }, at, pausable).ok).toBe(true);
	});
	it('a pause on an expired clock is refused', () => {
		refused(run(life('handling'), actors.unit, 'pause-start', { reason: '听证' }, t('2026-05-07 09:00'), pausable), 'pause.expired');
	});
	it('a pause while paused, or with no clock running, is refused', () => {
		refused(run(life('handling', {}, { pauses: [['2026-04-10 09:00', null]] }), actors.unit, 'pause-start', { reason: '听证' }, at, pausable), 'pause.open');
		const decided = life('recheck', {}, { recheck: ['2026-04-25 09:00', '2026-05-01 09:00'] });
		refused(run(decided, actors.office, 'pause-start', { reason: '听证' }, t('2026-05-02 09:00')), 'pause.not-running');
	});
	it('resume ends the open pause; resuming with none open is refused', () => {
		const paused = life('handling', {}, { pauses: [['2026-04-10 09:00', null]] });
		const c = ok(run(paused, actors.unit, 'pause-end', {}, at, pausable));
		expect(c.pauseEnd).toBe(true);
		expect(c.item.concludeDue).toBe('2026-05-14'); // 04-10 09:00 … 04-20 09:00: 10 days not counted (the clock's 期间 rule)
		refused(run(life('handling'), actors.unit, 'pause-end', {}, at), 'pause.none');
	});
});

describe('办结 with a 信访处理意见', () => {
	const at = t('2026-04-01 09:00');
	it('records the opinion and starts the petitioner’s 复查 window', () => {
		const c = ok(run(life('handling'), actors.unit, 'conclude', { outcome: 'partial', text: '部分支持。' }, at));
		expect(c.item).toMatchObject({ status: 'concluded', concludedAt: at, repliedAt: at, outcome: 'partial', decisionText: '部分支持。' });
		expect(c.event.note).toBe('办结，出具信访处理意见书：部分支持');
	});
	it('closing without an opinion is refused', () => {
		refused(run(life('handling'), actors.unit, 'conclude', { text: '意见' }, at), 'conclude.opinion', 'outcome');
		refused(run(life('handling'), actors.unit, 'conclude', { outcome: 'maybe', text: '意见' }, at), 'conclude.opinion', 'outcome');
		refused(run(life('handling'), actors.unit, 'conclude', { outcome: 'support', text: '  ' }, at), 'conclude.opinion', 'text');
		refused(run(life('handling'), actors.unit, 'conclude', { outcome: 'support', text: '长'.repeat(2001) }, at), 'conclude.opinion', 'text');
	});
	it('while paused it is refused', () => {
		refused(run(life('handling', {}, { pauses: [['2026-03-20 09:00', null]] }), actors.unit, 'conclude', inputFor('conclude', at), at), 'conclude.paused');
	});
	it('the office cannot conclude for the unit', () => {
		refused(run(life('handling'), actors.office, 'conclude', inputFor('conclude', at), at), 'who');
	});
});

describe('评价', () => {
	const at = dayAfter('concluded');
	it('by staff from the petitioner’s answer, or by the petitioner', () => {
		expect(ok(run(life('concluded'), actors.office, 'evaluate', { satisfaction: 'satisfied' }, at)).item).toEqual({ satisfaction: 'satisfied', evaluatedVia: 'staff', evaluatedAt: at });
		expect(ok(run(life('concluded'), actors.petitioner, 'evaluate', { satisfaction: 'unsatisfied' }, at)).item.evaluatedVia).toBe('link');
	});
	it('twice is refused', () => {
		refused(run(life('concluded', { satisfaction: 'basic' }), actors.petitioner, 'evaluate', { satisfaction: 'satisfied' }, at), 'evaluate.twice', 'satisfaction');
	});
	it('an unknown answer is refused', () => {
		refused(run(life('concluded'), actors.unit, 'evaluate', { satisfaction: 'great' }, at), 'input', 'satisfaction');
	});
});

describe('复查 and 复核 (第34、35条), 终结', () => {
	it('复查 within 30 days of the 意见 starts the review clock', () => {
		const c = ok(run(life('concluded'), actors.office, 'review-request', {}, t('2026-04-30 09:00')));
		expect(c.item.status).toBe('review');
		expect(c.appeal).toEqual({ kind: 'review', op: 'request' });
	});
	it('复查 after 30 days is refused', () => {
		// 30 days from 04-01 end on 05-01, a holiday: the window runs to 05-06
		expect(run(life('concluded'), actors.office, 'review-request', {}, t('2026-05-06 20:00')).ok).toBe(true);
		refused(run(life('concluded'), actors.office, 'review-request', {}, t('2026-05-07 09:00')), 'review.window');
	});
	it('复查意见, then 复核 within its window, then 复核意见', () => {
		const decided = ok(run(life('review'), actors.office, 'review-decide', { text: '维持' }, t('2026-04-20 09:00')));
		expect(decided.appeal).toEqual({ kind: 'review', op: 'decide', text: '维持' });
		const reviewed = life('review', { lastAt: t('2026-04-20 09:00') }, { review: ['2026-04-10 09:00', '2026-04-20 09:00', '2026-04-20 09:00'] });
		expect(ok(run(reviewed, actors.office, 'recheck-request', {}, t('2026-05-10 09:00'))).item.status).toBe('recheck');
		refused(run(reviewed, actors.office, 'recheck-request', {}, t('2026-05-21 09:00')), 'recheck.window');
		refused(run(reviewed, actors.office, 'review-decide', { text: '再议' }, t('2026-05-01 09:00')), 'appeal.state');
		expect(ok(run(life('recheck'), actors.office, 'recheck-decide', { text: '维持' }, t('2026-05-01 09:00'))).appeal?.op).toBe('decide');
	});
	it('复核 before the 复查意见 is refused', () => {
		refused(run(life('review'), actors.office, 'recheck-request', {}, t('2026-04-15 09:00')), 'appeal.state');
	});
	it('a decided 复核 cannot be decided again', () => {
		const decided = life('recheck', {}, { recheck: ['2026-04-25 09:00', '2026-05-01 09:00'] });
		refused(run(decided, actors.office, 'recheck-decide', { text: '再议' }, t('2026-05-02 09:00')), 'appeal.state');
	});
	it('终结 only when no clock runs', () => {
		refused(run(life('concluded'), actors.office, 'close', {}, t('2026-04-20 09:00')), 'close.running');
		expect(ok(run(life('concluded'), actors.office, 'close', {}, t('2026-05-10 09:00'))).item).toMatchObject({ status: 'closed' });
		const decided = life('recheck', {}, { recheck: ['2026-04-25 09:00', '2026-05-01 09:00'] });
		expect(run(decided, actors.office, 'close', {}, t('2026-05-02 09:00')).ok).toBe(true);
	});
});

describe('退回重办', () => {
	it('undoes the conclusion and its evaluation and restarts the conclusion clock', () => {
		const at = t('2026-04-05 09:00');
		const c = ok(run(life('concluded', { satisfaction: 'unsatisfied' }), actors.office, 'send-back', { reason: '未回应诉求' }, at));
		expect(c.item).toEqual({
			status: 'handling',
			reopenedAt: at,
			concludedAt: null,
			repliedAt: null,
			outcome: null,
			decisionText: null,
			satisfaction: null,
			evaluatedAt: null,
			evaluatedVia: null,
			concludeDue: '2026-06-04'
		});
	});
	it('needs a reason', () => {
		refused(run(life('concluded'), actors.office, 'send-back', { reason: '' }, dayAfter('concluded')), 'input', 'reason');
	});
});
