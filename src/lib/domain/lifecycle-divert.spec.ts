import { describe, expect, it } from 'vitest';
import { currentClock } from './clocks.ts';
import { applied, decide, type Actor, type Decision, type LifeFacts } from './lifecycle.ts';
import { offered } from './lifecycle-offer.ts';
import { actors, dayAfter, inputFor, life } from './lifecycle.fixture.ts';
import { config } from './spec-support.ts';
import type { Status } from './vocabulary.ts';

const appeal = (status: Status, more: Partial<LifeFacts> = {}) => life(status, { type: 'appeal', ...more });
const divert = (f: LifeFacts, actor: Actor, input: unknown = inputFor('divert', dayAfter(f.status)), at = dayAfter(f.status)): Decision =>
	decide(f, actor, 'divert', input as never, at, config());
const refused = (d: Decision, rule: string, field: string) => {
	expect(d.ok ? 'accepted' : { rule: d.rule, field: d.field }).toEqual({ rule, field });
	if (!d.ok) expect(d.message).toMatch(/^【[^】]+】.+/);
};

describe('诉访分离 (divert): a 申诉求决类 item leaves the petition procedure', () => {
	for (const status of ['registered', 'routed', 'accepted', 'handling'] as const)
		it(`from ${status}: status diverted, track set, diverted_at = when, no clock runs after`, () => {
			const f = appeal(status);
			const at = dayAfter(status);
			const d = divert(f, actors.office);
			if (!d.ok) throw new Error(d.message);
			expect(d.changes.item).toEqual({ status: 'diverted', track: 'litigation', divertedAt: at, acceptDue: null, concludeDue: null });
			expect(d.changes.event).toEqual({ from: status, to: 'diverted', note: expect.stringContaining('诉访分离：导入') });
			expect(d.changes.event.note).toContain('应通过仲裁、诉讼途径解决');
			const after = applied(f, d.changes, at);
			expect(currentClock(after, at, config()).kind).toBe('none');
			expect(currentClock(after, new Date(at.getTime() + 90 * 86400_000), config()).kind).toBe('none');
		});
	it('the unit handling the item may divert it; another unit may not', () => {
		expect(divert(appeal('handling'), actors.unit).ok).toBe(true);
		refused(divert(appeal('handling'), actors.otherUnit), 'own-unit', 'id');
	});
	it('an upstream system in scope may report it; out of scope it may not', () => {
		expect(divert(appeal('routed'), actors.api).ok).toBe(true);
		refused(divert(appeal('routed'), actors.apiElsewhere), 'scope', 'id');
	});
	it('leaders, the petitioner and the wall may not', () => {
		refused(divert(appeal('registered'), actors.leader), 'who', 'action');
		refused(divert(appeal('registered'), actors.petitioner), 'who', 'action');
	});
	it('only 申诉求决类: 建议意见类 and 检举控告类 are refused naming the rule', () => {
		for (const type of ['proposal', 'complaint'] as const) {
			const d = divert(life('routed', { type }), actors.office);
			refused(d, 'divert.type', 'track');
			expect(!d.ok && d.message).toContain('【诉访分离仅适用于申诉求决类】');
		}
	});
	it('a track other than the petition procedure, and a reason, are required', () => {
		refused(divert(appeal('routed'), actors.office, { track: 'petition', reason: '理由' }), 'input', 'track');
		refused(divert(appeal('routed'), actors.office, { track: 'court', reason: '理由' }), 'input', 'track');
		refused(divert(appeal('routed'), actors.office, { reason: '理由' }), 'input', 'track');
		refused(divert(appeal('routed'), actors.office, { track: 'arbitration', reason: '  ' }), 'input', 'reason');
		refused(divert(appeal('routed'), actors.office, { track: 'arbitration' }), 'input', 'reason');
	});
	it('an item already off the petition track is not diverted again', () => {
		refused(divert(appeal('routed', { track: 'arbitration' }), actors.office), 'divert.track', 'track');
	});
	it('not after 办结, in 复查/复核, once refused or already diverted (the state rule)', () => {
		for (const status of ['concluded', 'review', 'recheck', 'closed', 'rejected', 'diverted'] as const) refused(divert(appeal(status), actors.office), 'state', 'action');
	});
	it('not earlier than the item’s last step', () => {
		const f = appeal('accepted');
		refused(divert(f, actors.office, inputFor('divert', f.lastAt), new Date(f.lastAt.getTime() - 3600_000)), 'order', 'at');
	});
});

describe('诉访分离 on offer', () => {
	const now = (s: Status) => dayAfter(s);
	it('offered to the office on an open 申诉求决类 item, and to its unit once routed', () => {
		expect(offered(appeal('registered'), actors.office, now('registered'), config())).toContain('divert');
		expect(offered(appeal('routed'), actors.unit, now('routed'), config())).toContain('divert');
		expect(offered(appeal('handling'), actors.unit, now('handling'), config())).toContain('divert');
	});
	it('not offered for other types, once diverted, or after 办结', () => {
		expect(offered(life('registered'), actors.office, now('registered'), config())).not.toContain('divert');
		expect(offered(appeal('routed', { track: 'duty' }), actors.office, now('routed'), config())).not.toContain('divert');
		expect(offered(appeal('diverted'), actors.office, now('diverted'), config())).toEqual([]);
		expect(offered(appeal('concluded'), actors.office, now('concluded'), config())).not.toContain('divert');
	});
});
