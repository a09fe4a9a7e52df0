import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FeedEvent, FeedFrame } from '../../feed/protocol.ts';
import { createPublisher, tickOf } from './publisher.ts';
import type { RoomView } from '../../feed/net.ts';

const event = (seq: number, path = ['370000', '370100', '370102']): FeedEvent => ({ seq, topic: 'petition', entity: 'petition_item', entityId: String(seq), op: 'insert', regionPath: path, at: '', payload: {} });
const JINAN = ['370000', '370100', '370102'];
const QINGDAO = ['370000', '370200', '370202'];

describe('publisher', () => {
	let frames: { room: string; frame: FeedFrame }[];
	const emit = { frame: (room: string, frame: FeedFrame) => frames.push({ room, frame }) };
	const province = () => frames.filter((f) => f.room === 'region:370000').map((f) => f.frame);

	beforeEach(() => {
		vi.useFakeTimers();
		frames = [];
	});
	afterEach(() => vi.useRealTimers());

	it('puts each event in the room of every level of its path', () => {
		const publisher = createPublisher({ emit, now: Date.now });
		publisher.startAt(0);
		publisher.publish([event(1, JINAN), event(2, QINGDAO)]);
		expect([...new Set(frames.map((f) => f.room))].sort()).toEqual(['region:370000', 'region:370100', 'region:370102', 'region:370200', 'region:370202']);
		expect(province().flatMap((f) => f.events.map((e) => e.seq))).toEqual([1, 2]);
		expect(frames.filter((f) => f.room === 'region:370202').flatMap((f) => f.frame.events.map((e) => e.seq))).toEqual([2]);
	});

	it("gives a room with a view the net change of its wall, built once per frame, counted with the rules' threshold in force", () => {
		const views: Record<string, RoomView> = { 'region:370000': { adcode: '370000', level: 'province', areas: new Set(['370100', '370200']) } };
		const publisher = createPublisher({ emit, intervalMs: 100, groupThreshold: 5, view: (room) => views[room], now: Date.now });
		publisher.startAt(0);
		const item = (seq: number, path: string[], headcount: number): FeedEvent => ({
			...event(seq, path),
			payload: { id: seq, serial: `S${seq}`, region: path[2], receivedAt: '2026-11-25T02:00:00Z', channel: 'visit', category: 'land', status: 'registered', headcount, light: 'green' }
		});
		const rules: FeedEvent = { ...event(2), topic: 'rules', op: 'update', payload: { groupThreshold: 10 } };
		publisher.publish([item(1, JINAN, 6), rules, item(3, QINGDAO, 6)]);
		const [frame] = province();
		expect(frame).toMatchObject({ from: 0, upTo: 3, events: [] });
		// 6 people is a group under the old rule (5), not under the new one (10)
		expect(frame.net).toMatchObject({ r: '370000', n: 3, g: 10, f: 1, d: [['2026-11-25', 2, 12, 0, 0, 1, 6]] });
		expect(frame.net!.a).toEqual([['2026-11-25', '370100', 1, 1, 0], ['2026-11-25', '370200', 1, 0, 0]]);
		// a room without a view (here a city) still gets the events themselves
		expect(frames.find((f) => f.room === 'region:370100')!.frame.events.map((e) => e.seq)).toEqual([1, 2]);
	});

	it('sends an idle room its frame at once', () => {
		const publisher = createPublisher({ emit, now: Date.now });
		publisher.startAt(100);
		publisher.publish([event(101), event(102)]);
		expect(province()).toEqual([{ from: 100, upTo: 102, events: [event(101), event(102)] }]);
	});

	it('coalesces a burst into at most one frame per interval per room, continuing without gaps', () => {
		const publisher = createPublisher({ emit, intervalMs: 100, now: Date.now });
		publisher.startAt(0);
		let seq = 0;
		for (let batch = 0; batch < 50; batch++) {
			publisher.publish(Array.from({ length: 5 }, () => event(++seq))); // 500 changes/s in batches of 5
			vi.advanceTimersByTime(10);
		}
		vi.advanceTimersByTime(200);
		const sent = province();
		// the rate passes 80/s within the first batches; then one frame per 100 ms
		const gaps = sent.slice(1).map((f, i) => f.upTo - sent[i].upTo);
		// while the moving rate rises past 80/s (about 80 ms at 500/s) a frame may go every 10 ms (≤ 9),
		// then ≤ 1 per 100 ms over the remaining ~420 ms (≤ 5)
		expect(sent.length).toBeLessThanOrEqual(14);
		expect(sent.length).toBeGreaterThanOrEqual(5);
		expect(gaps.slice(-4, -1).every((g) => g >= 45), `under load each frame carries ~10 batches: ${gaps}`).toBe(true);
		expect(sent.flatMap((f) => f.events.map((e) => e.seq))).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
		for (let i = 1; i < sent.length; i++) expect(sent[i].from).toBe(sent[i - 1].upTo);
		expect(sent[0].from).toBe(0);
		expect(sent.at(-1)!.upTo).toBe(250);
	});

	it('counts the interval from a frame\'s start, so slow socket writes do not stretch it', () => {
		const starts: number[] = [];
		let clock = 0;
		// writing the province frame to its sockets takes 30 ms of the clock
		const slow = {
			frame: (room: string, frame: FeedFrame) => {
				frames.push({ room, frame });
				if (room !== 'region:370000') return;
				starts.push(clock);
				clock += 30;
			}
		};
		const publisher = createPublisher({ emit: slow, now: () => clock });
		publisher.startAt(0);
		let seq = 0;
		for (let ms = 0; ms < 1000; ms++) {
			if (ms % 10 === 0) publisher.publish(Array.from({ length: 5 }, () => event(++seq, ['370000']))); // 500 changes/s
			clock++;
			vi.advanceTimersByTime(1);
		}
		const gaps = starts.slice(1).map((t, i) => t - starts[i]);
		const steady = gaps.slice(-5);
		// the default interval (105 ms: at most 10 frames in any second) from start to start, not 105 + 30
		expect(steady.every((g) => g >= 105 && g <= 115), `gaps between frame starts: ${gaps}`).toBe(true);
	});

	it('sends every batch of a room below the load threshold at once: 20 changes/s arrive as 20 frames/s', () => {
		const publisher = createPublisher({ emit, now: Date.now });
		publisher.startAt(0);
		const delays: number[] = [];
		let seq = 0;
		for (let k = 0; k < 100; k++) {
			// Poisson-like spacing around 50 ms (20/s), never closer than the 20 ms gap here
			vi.advanceTimersByTime(25 + ((k * 37) % 50));
			const before = province().length;
			publisher.publish([event(++seq)]);
			let waited = 0;
			while (province().length === before && waited < 200) {
				vi.advanceTimersByTime(1);
				waited++;
			}
			delays.push(waited);
		}
		expect(province()).toHaveLength(100);
		expect(Math.max(...delays)).toBe(0);
	});

	it('a burst close together waits at most the short gap while the room is not under load', () => {
		const publisher = createPublisher({ emit, minGapMs: 25, now: Date.now });
		publisher.startAt(0);
		publisher.publish([event(1)]);
		vi.advanceTimersByTime(5);
		publisher.publish([event(2)]);
		expect(province()).toHaveLength(1);
		vi.advanceTimersByTime(19);
		expect(province()).toHaveLength(1);
		vi.advanceTimersByTime(1);
		expect(province().map((f) => f.events.map((e) => e.seq))).toEqual([[1], [2]]);
	});

	it('a room that was under load flushes within the short gap once the load has passed, not the full interval', () => {
		const publisher = createPublisher({ emit, intervalMs: 100, now: Date.now });
		publisher.startAt(0);
		for (let seq = 1; seq <= 60; seq++) publisher.publish([event(seq)]); // 60 at once: under load
		const sent = province().length;
		vi.advanceTimersByTime(2000); // the rate decays
		expect(province().length).toBe(sent + 1); // the pending rest went after the interval
		publisher.publish([event(31)]);
		expect(province().at(-1)!.events.map((e) => e.seq)).toEqual([31]);
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
		let ticks = publisher.ticks();
		expect(tickOf(ticks, 'region:370100')).toBeNull();
		expect(tickOf(ticks, 'region:370200')).toMatchObject({ last: 5, upTo: 7 });
		expect(tickOf(ticks, 'region:370102')).toBeNull();
		vi.advanceTimersByTime(100);
		ticks = publisher.ticks();
		expect(tickOf(ticks, 'region:370100')).toMatchObject({ last: 7, upTo: 7 });
		expect(tickOf(ticks, 'region:370200')).toMatchObject({ last: 5, upTo: 7 });
		// one message for every room: only the rooms that have had a frame are listed
		expect(Object.keys(ticks.last).sort()).toEqual(['region:370000', 'region:370100', 'region:370102']);
		expect(ticks.pending).toEqual([]);
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
	it('drops what waits rather than send it short when a batch could not be folded, and continues every room from there', () => {
		const publisher = createPublisher({ emit, intervalMs: 100, loadPerSecond: 1, now: Date.now });
		publisher.startAt(0);
		publisher.publish([event(1)]);
		publisher.publish([event(2)]); // under load: waits for the interval
		const sent = frames.length;
		publisher.skipTo(3); // the batch up to 3 threw part-way
		vi.advanceTimersByTime(500);
		expect(frames.length).toBe(sent); // nothing that waited goes out
		expect(tickOf(publisher.ticks(), 'region:370000')).toMatchObject({ last: 3, upTo: 3 }); // a screen at 1 sees the gap
		vi.advanceTimersByTime(500);
		publisher.publish([event(4)]);
		vi.advanceTimersByTime(500);
		expect(province().at(-1)).toEqual({ from: 3, upTo: 4, events: [event(4)] });
	});
});
