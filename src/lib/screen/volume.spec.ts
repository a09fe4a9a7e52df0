import { describe, expect, it } from 'vitest';
import type { FeedEvent, PetitionPayload } from '../feed/protocol.ts';
import { applyVolumeEvents, localDay, total, type VolumeSnapshot } from './volume.ts';

function snapshot(): VolumeSnapshot {
	// 2026-10-25 … 2026-11-23
	const trend = Array.from({ length: 30 }, (_, i) => ({ day: new Date(Date.UTC(2026, 9, 25 + i)).toISOString().slice(0, 10), items: 0 }));
	return {
		seq: 10,
		today: '2026-11-23',
		region: { adcode: '370000', name: '山东省' },
		map: '370000',
		areas: [
			{ adcode: '370100', name: '济南市' },
			{ adcode: '370200', name: '青岛市' }
		],
		todayByArea: { '370100': 5, '370200': 2 },
		monthByArea: { '370100': 50, '370200': 20 },
		trend
	};
}

let seq = 10;
function event(op: FeedEvent['op'], item: Partial<PetitionPayload>): FeedEvent {
	const payload = { id: 1, region: '370102', receivedAt: '2026-11-23T02:00:00Z', channel: 'online', category: 'labour', ...item };
	return { seq: ++seq, topic: 'petition', entity: 'petition_item', entityId: '1', op, regionPath: [], at: '', payload };
}

describe('localDay', () => {
	it('uses the office day (UTC+8), not UTC', () => {
		expect(localDay('2026-11-22T15:59:59Z')).toBe('2026-11-22');
		expect(localDay('2026-11-22T16:00:00Z')).toBe('2026-11-23');
		expect(localDay(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
	});
});

describe('applyVolumeEvents', () => {
	it('counts a new item today in its city, the month and the trend', () => {
		seq = 10;
		const s = snapshot();
		expect(applyVolumeEvents(s, [event('insert', {})])).toBe(true);
		expect(s.todayByArea['370100']).toBe(6);
		expect(s.monthByArea['370100']).toBe(51);
		expect(s.trend.find((p) => p.day === '2026-11-23')!.items).toBe(1);
		expect(total(s.todayByArea)).toBe(8);
		expect(s.seq).toBe(11);
	});

	it('skips events the snapshot already contains (seq at or below its own)', () => {
		const s = snapshot();
		const old = { ...event('insert', {}), seq: 10 };
		expect(applyVolumeEvents(s, [old])).toBe(false);
		expect(s.todayByArea['370100']).toBe(5);
	});

	it('counts an item received last month only in the trend, and one from yesterday not today', () => {
		const s = snapshot();
		applyVolumeEvents(s, [event('insert', { receivedAt: '2026-10-30T03:00:00Z', region: '370202' })]);
		expect(s.monthByArea['370200']).toBe(20);
		expect(s.trend.find((p) => p.day === '2026-10-30')!.items).toBe(1);
		applyVolumeEvents(s, [event('insert', { receivedAt: '2026-11-22T03:00:00Z', region: '370202' })]);
		expect(s.todayByArea['370200']).toBe(2);
		expect(s.monthByArea['370200']).toBe(21);
	});

	it('moves an item whose region changed, and ignores a status-only update', () => {
		const s = snapshot();
		const prev = { status: 'registered', region: '370102', receivedAt: '2026-11-23T02:00:00Z', channel: 'online', category: 'labour', headcount: 1 };
		applyVolumeEvents(s, [event('update', { region: '370202', prev })]);
		expect(s.todayByArea).toEqual({ '370100': 4, '370200': 3 });
		applyVolumeEvents(s, [event('update', { region: '370202', status: 'routed', prev: { ...prev, region: '370202' } })]);
		expect(s.todayByArea).toEqual({ '370100': 4, '370200': 3 });
	});

	it('uncounts a deleted item and ignores regions outside the view', () => {
		const s = snapshot();
		applyVolumeEvents(s, [event('delete', {})]);
		expect(s.todayByArea['370100']).toBe(4);
		applyVolumeEvents(s, [event('insert', { region: '410102' })]);
		expect(total(s.todayByArea)).toBe(6);
		expect(s.todayByArea['410100']).toBeUndefined();
	});
});
