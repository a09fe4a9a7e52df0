import { describe as group, expect, it } from 'vitest';
import type { FeedEvent, PetitionPayload } from '../feed/protocol.ts';
import { describe } from './ticker.ts';

const item: PetitionPayload = {
	id: 1,
	serial: '370102-20261204-000001',
	receivedAt: '2026-12-04T09:00:00+08:00',
	region: '370102',
	channel: 'visit',
	category: 'labour',
	type: 'appeal',
	status: 'routed',
	headcount: 1,
	unitId: 7,
	skipLevel: false,
	repeat: false,
	concludeDue: null,
	concludedAt: null,
	clock: 'accept',
	clockDue: '2026-12-19',
	light: 'green'
};
const prev = { status: 'routed', region: '370102', receivedAt: item.receivedAt, channel: 'visit', category: 'labour', headcount: 1, unitId: 7, light: 'green' };
const event = (op: FeedEvent['op']) => ({ seq: 1, topic: 'petition', op, at: '2026-12-04T01:00:00Z', region: ['370000'], payload: {} }) as unknown as FeedEvent;
const update = (changes: Partial<PetitionPayload>, before: Partial<typeof prev> = {}) => describe(event('update'), { ...item, ...changes, prev: { ...prev, ...before } });

group('the ticker says what changed', () => {
	it('a new item with its channel, a withdrawn one', () => {
		expect(describe(event('insert'), item)).toBe('新登记·来访');
		expect(describe(event('delete'), item)).toBe('已撤销');
	});

	it.each([
		[{ status: 'accepted' }, {}, '转送交办 → 受理'],
		[{ status: 'routed' }, { status: 'registered' }, '登记 → 转送交办'],
		[{ unitId: 9 }, {}, '改派承办单位'],
		[{ light: 'red' as const }, {}, '转为逾期'],
		[{ light: 'yellow' as const }, {}, '转为临期'],
		[{ light: 'due_today' as const }, { light: 'yellow' }, '今日到期'],
		[{ light: 'paused' as const }, {}, '中止计时'],
		[{ light: 'green' as const }, { light: 'paused' }, '恢复计时'],
		[{ light: 'green' as const, clock: 'route' }, { light: 'none' }, '转送交办开始计时（至12月19日）'],
		[{ clock: 'conclude', clockDue: '2027-02-03' }, {}, '办结期限至2月3日'],
		[{ clockDue: null, clock: undefined, category: 'land' }, {}, '类别改为征地拆迁'],
		[{ clockDue: null, clock: undefined, headcount: 6 }, {}, '人数 1 → 6']
	])('%j after %j: %s', (changes, before, words) => {
		expect(update(changes, before)).toBe(words);
	});

	it('says 信息更新 only when nothing the wall knows of changed', () => {
		expect(update({ clockDue: null, clock: undefined })).toBe('信息更新');
	});
});
