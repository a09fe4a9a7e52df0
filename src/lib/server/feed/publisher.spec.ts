import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FeedEvent, FeedFrame, FeedTick } from '../../feed/protocol.ts';
import { createPublisher, framesByRoom } from './publisher.ts';

const event = (seq: number, path = ['370000', '370100', '370102']): FeedEvent => ({ seq, topic: 'petition', entity: 'petition_item', entityId: String(seq), op: 'insert', regionPath: path, at: '', payload: {} });
const JINAN = ['370000', '370100', '370102'];
const QINGDAO = ['370000', '370200', '370202'];

describe('framesByRoom', () => {
	it('puts each event in the room of every level of its path', () => {
		const rooms = framesByRoom([event(1, JINAN), event(2, QINGDAO)]);
		expect([...rooms.keys()].sort()).toEqual(['region:370000', 'region:370100', 'region:370102', 'region:370200', 'region:370202']);
		expect(rooms.get('region:370000')!.map((e) => e.seq)).toEqual([1, 2]);
		expect(rooms.get('region:370202')!.map((e) => e.seq)).toEqual([2]);
	});
});

describe('publisher', () => {
	let frames: { room: string; frame: FeedFrame }[];
	let ticks: { room: string; tick: FeedTick }[];
	const emit = { frame: (room: string, frame: FeedFrame) => frames.push({ room, frame }), tick: (room: string, tick: FeedTick) => ticks.push({ room, tick }) };
	const province = () => frames.filter((f) => f.room === 'region:370000').map((f) => f.frame);

	beforeEach(() => {
		vi.useFakeTimers();
		frames = [];
		ticks = [];
	});
	afterEach(() => vi.useRealTimers());

	it('sends an idle room its frame at once', () => {
		const publisher = createPublisher({ emit, now: Date.now });
		publisher.startAt(100);
		publisher.publish([event(101), event(102)]);
		expect(province()).toEqual([{ from: 100, upTo: 102, events: [event(101), event(102)] }]);
	});

	it('coalesces a burst into at most one frame per interval per room, continuing without gaps', () => {
		const publisher = createPublisher({ emit, intervalMs: 100, now: Date.now });
		publisher.startAt(0);
		for (let seq = 1; seq <= 50; seq++) {
			publisher.publish([event(seq)]);
			vi.advanceTimersByTime(10); // 100 batches/s
		}
		vi.advanceTimersByTime(200);
		const sent = province();
		expect(sent.length).toBeLessThanOrEqual(7); // 500 ms of load → ≤ 1 + 5, plus the tail
		expect(sent.length).toBeGreaterThanOrEqual(5);
		expect(sent.flatMap((f) => f.events.map((e) => e.seq))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
		for (let i = 1; i < sent.length; i++) expect(sent[i].from).toBe(sent[i - 1].upTo);
		expect(sent[0].from).toBe(0);
		expect(sent.at(-1)!.upTo).toBe(50);
	});

	it("a room's frame continues from that room's last frame, not from other rooms' traffic", () => {
		const publisher = createPublisher({ emit, now: Date.now });
		publisher.startAt(10);
		publisher.publish([event(11, JINAN)]);
		vi.advanceTimersByTime(500);
		publisher.publish([event(12, QINGDAO), event(13, QINGDAO)]);
		vi.advanceTimersByTime(500);
		publisher.publish([event(14, JINAN)]);
		const jinan = frames.filter((f) => f.room === 'region:370100').map((f) => f.frame);
		expect(jinan).toEqual([
			{ from: 10, upTo: 11, events: [event(11, JINAN)] },
			{ from: 11, upTo: 14, events: [event(14, JINAN)] }
		]);
	});

	it('ticks every room with its last frame and the position, skipping rooms with a frame pending', () => {
		const publisher = createPublisher({ emit, intervalMs: 100, now: Date.now });
		publisher.startAt(5);
		publisher.publish([event(6, JINAN)]);
		publisher.publish([event(7, JINAN)]); // pending: the room's frame went 0 ms ago
		publisher.tick(['region:370100', 'region:370200']);
		expect(ticks.map((t) => t.room)).toEqual(['region:370200']);
		expect(ticks[0].tick).toMatchObject({ last: 5, upTo: 7 });
		vi.advanceTimersByTime(100);
		publisher.tick(['region:370100']);
		expect(ticks.at(-1)).toMatchObject({ room: 'region:370100', tick: { last: 7, upTo: 7 } });
	});

	it('taking over as publisher restarts every room from the new position', () => {
		const publisher = createPublisher({ emit, now: Date.now });
		publisher.startAt(0);
		publisher.publish([event(1)]);
		publisher.startAt(40); // another node relayed 2..40 meanwhile
		vi.advanceTimersByTime(500);
		publisher.publish([event(41)]);
		expect(province().at(-1)).toEqual({ from: 40, upTo: 41, events: [event(41)] });
		expect(publisher.stats()).toMatchObject({ position: 41, frames: 6 }); // two batches × three rooms
	});
});
