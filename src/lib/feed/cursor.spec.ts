import { describe, expect, it } from 'vitest';
import { FeedCursor } from './cursor.ts';
import type { FeedEvent } from './protocol.ts';

const event = (seq: number): FeedEvent => ({ seq, topic: 'petition', entity: 'petition_item', entityId: String(seq), op: 'insert', regionPath: ['370000'], at: '', payload: {} });
const frame = (from: number, upTo: number, seqs: number[]) => ({ from, upTo, events: seqs.map(event) });
const seqs = (events: FeedEvent[]) => events.map((e) => e.seq);
const NET = { r: '370000', d: [], c: [], k: [], a: [], l: [], u: [], o: [], x: [], h: [], t: [], n: 1 };
const net = (from: number, upTo: number) => ({ from, upTo, events: [], net: { ...NET } });

describe('FeedCursor', () => {
	it('applies a frame that continues from its position and moves to upTo', () => {
		const cursor = new FeedCursor(10);
		const step = cursor.frame(frame(10, 15, [12, 15]));
		expect(seqs(step.events)).toEqual([12, 15]);
		expect(step.gap).toBe(false);
		expect(cursor.seq).toBe(15);
	});

	it('reports a gap when a frame starts past its position, applying nothing', () => {
		const cursor = new FeedCursor(10);
		const step = cursor.frame(frame(12, 20, [14]));
		expect(step).toEqual({ events: [], nets: [], gap: true });
		expect(cursor.seq).toBe(10);
	});

	it('drops events it already has (a frame that overlaps a replay)', () => {
		const cursor = new FeedCursor(14);
		expect(seqs(cursor.frame(frame(10, 16, [12, 14, 16])).events)).toEqual([16]);
	});

	it('a tick moves a quiet receiver forward, or reveals a missed frame', () => {
		const cursor = new FeedCursor(10);
		expect(cursor.tick({ last: 8, upTo: 30, at: '' })).toEqual({ events: [], nets: [], gap: false });
		expect(cursor.seq).toBe(30);
		expect(cursor.tick({ last: 35, upTo: 40, at: '' }).gap).toBe(true);
		expect(cursor.seq).toBe(30);
	});

	it('holds live messages during a resume and applies them after, exactly once', () => {
		const cursor = new FeedCursor(10);
		cursor.beginResume();
		expect(cursor.resuming).toBe(true);
		expect(cursor.frame(frame(12, 18, [13, 18])).events).toEqual([]);
		expect(cursor.tick({ last: 18, upTo: 25, at: '' }).events).toEqual([]);
		const step = cursor.endResume(frame(10, 14, [11, 13]));
		expect(seqs(step.events)).toEqual([11, 13, 18]);
		expect(step.gap).toBe(false);
		expect(cursor.seq).toBe(25);
		expect(cursor.resuming).toBe(false);
	});

	it('a message held during a resume that still starts past the replay is a gap', () => {
		const cursor = new FeedCursor(10);
		cursor.beginResume();
		cursor.frame(frame(20, 22, [22]));
		const step = cursor.endResume(frame(10, 14, [12]));
		expect(seqs(step.events)).toEqual([12]);
		expect(step.gap).toBe(true);
		expect(cursor.seq).toBe(14);
	});

	it('reset takes a snapshot position and forgets what waited', () => {
		const cursor = new FeedCursor(10);
		cursor.beginResume();
		cursor.frame(frame(10, 12, [12]));
		cursor.reset(50);
		expect(cursor.resuming).toBe(false);
		expect(cursor.seq).toBe(50);
		expect(cursor.frame(frame(40, 55, [45, 52])).events.map((e) => e.seq)).toEqual([52]);
	});

	it('after an aborted resume, frames apply live again', () => {
		const cursor = new FeedCursor(10);
		cursor.beginResume();
		cursor.abortResume();
		expect(seqs(cursor.frame(frame(10, 11, [11])).events)).toEqual([11]);
	});

	describe('net frames (whole or not at all)', () => {
		it('applies one that continues from its position', () => {
			const cursor = new FeedCursor(10);
			expect(cursor.frame(net(10, 20)).nets.map((f) => f.upTo)).toEqual([20]);
			expect(cursor.frame(net(20, 30)).nets).toHaveLength(1);
			expect(cursor.seq).toBe(30);
			expect(cursor.frame(net(20, 30)).nets).toEqual([]); // had it
		});

		it('one that overlaps a replay is fetched as events up to its end; the next applies', () => {
			const cursor = new FeedCursor(10);
			cursor.beginResume();
			cursor.frame(net(10, 20)); // the room's frame was on its way when the replay was read
			cursor.frame(net(20, 30)); // waits behind the gap, then applies
			const step = cursor.endResume(frame(10, 15, [12, 15]));
			expect(seqs(step.events)).toEqual([12, 15]);
			expect(step).toMatchObject({ nets: [], gap: true, until: 20 });
			expect(cursor.seq).toBe(15);
			cursor.beginResume();
			const after = cursor.endResume(frame(15, 20, [18]));
			expect(seqs(after.events)).toEqual([18]);
			expect(after.nets.map((f) => f.from)).toEqual([20]);
			expect(after.gap).toBe(false);
			expect(cursor.seq).toBe(30);
		});

		it('a replay whose last change of the room is before the frame still takes the frame whole', () => {
			const cursor = new FeedCursor(10);
			cursor.endResume(frame(10, 25, [12])); // nothing of the room in (12, 25]
			expect(cursor.frame(net(20, 30)).nets).toHaveLength(1);
			expect(cursor.seq).toBe(30);
		});

		it('after a tick moved it past the room’s last frame, the next frame from there applies', () => {
			const cursor = new FeedCursor(10);
			cursor.frame(net(10, 20));
			cursor.tick({ last: 20, upTo: 40, at: '' });
			expect(cursor.seq).toBe(40);
			expect(cursor.frame(net(20, 45)).nets).toHaveLength(1);
			expect(cursor.seq).toBe(45);
			expect(cursor.frame(net(30, 50))).toMatchObject({ nets: [], gap: true, until: 50 }); // starts before what it has
		});

		it('a receiver that cannot apply a net (drilled into another region) fetches its events', () => {
			const cursor = new FeedCursor(10, (f) => f.net.r === '370100');
			expect(cursor.frame(net(10, 20))).toEqual({ events: [], nets: [], gap: true, until: 20 });
			expect(cursor.seq).toBe(10);
		});
	});
});
