import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedEvent } from '../../src/lib/feed/protocol.ts';
import { memoryRecent, redisRecent, type RecentFeed } from '../../src/lib/server/feed/recent.ts';
import type { RedisClient } from '../../src/lib/server/redis.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const JINAN = ['370000', '370100', '370102'];
const QINGDAO = ['370000', '370200', '370202'];
const event = (seq: number, path: string[]): FeedEvent => ({ seq, topic: 'petition', entity: 'petition_item', entityId: String(seq), op: 'insert', regionPath: path, at: '', payload: { n: seq } });
const batch = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => event(first + i, (first + i) % 2 ? JINAN : QINGDAO));
const seqs = (events: FeedEvent[] | undefined) => (events ?? []).map((e) => e.seq);

let redis: RedisClient;
const key = `lw_test:${randomBytes(4).toString('hex')}:feed`;

beforeAll(async () => {
	redis = createClient({ url: REDIS_URL }) as unknown as RedisClient;
	await redis.connect();
});
afterAll(async () => {
	await redis.del(key);
	await redis.quit();
});

for (const [name, make] of [
	['memory', () => memoryRecent()],
	['redis', () => redisRecent(redis, key, 1000)]
] as [string, () => RecentFeed][]) {
	describe(`recent feed (${name})`, () => {
		let recent: RecentFeed;
		beforeAll(async () => {
			recent = make();
			await recent.append(batch(1, 5));
			await recent.append(batch(6, 6));
			await recent.append(batch(7, 12));
		});

		it('answers the gap after any position, filtered to the region', async () => {
			expect(await recent.since(0, '370100')).toEqual({ from: 0, upTo: 12, events: batch(1, 12).filter((e) => e.seq % 2) });
			expect(seqs((await recent.since(6, '370200'))?.events)).toEqual([8, 10, 12]);
			expect(seqs((await recent.since(3, '370000'))?.events)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
		});

		it('answers an empty frame for a receiver already current', async () => {
			expect(await recent.since(12, '370000')).toEqual({ from: 12, upTo: 12, events: [] });
		});

		it('answers null (ask the outbox) past its end', async () => {
			expect(await recent.since(13, '370000')).toBeNull();
		});

		it('answers a gap larger than the limit in pages, each ending at its last event', async () => {
			expect(await recent.since(0, '370000', 5)).toEqual({ from: 0, upTo: 5, events: batch(1, 5) });
			expect(await recent.since(5, '370100', 2)).toEqual({ from: 5, upTo: 9, events: [event(7, JINAN), event(9, JINAN)] });
		});

		it('answers up to a bound when asked (a net frame’s end), inside a batch or at its edge', async () => {
			expect(await recent.since(3, '370000', undefined, 9)).toEqual({ from: 3, upTo: 9, events: batch(4, 9) });
			expect(await recent.since(3, '370200', undefined, 6)).toEqual({ from: 3, upTo: 6, events: [event(4, QINGDAO), event(6, QINGDAO)] });
			expect(await recent.since(6, '370100', undefined, 6)).toEqual({ from: 6, upTo: 6, events: [] });
		});

		it('answers null when a batch is missing (it cannot prove the gap complete)', async () => {
			await recent.append(batch(20, 22)); // 13..19 never landed
			expect(await recent.since(10, '370000')).toBeNull();
			expect(seqs((await recent.since(19, '370000'))?.events)).toEqual([20, 21, 22]);
		});
	});
}

describe('recent feed trimming', () => {
	it('the memory ring keeps the newest batches up to its size in JSON text, then sends older gaps to the outbox', async () => {
		const size = JSON.stringify(batch(26, 30)).length; // as long as every batch from 11 on
		const recent = memoryRecent({ maxChars: 2 * size });
		for (let first = 1; first <= 30; first += 5) await recent.append(batch(first, first + 4));
		expect(await recent.since(0, '370000')).toBeNull();
		expect(await recent.since(19, '370000')).toBeNull(); // 16..20 was dropped: two batches fit
		expect(seqs((await recent.since(20, '370000'))?.events)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
	});

	it('the memory ring answers a repeated gap from the batches it parsed last, and the same events once they left that cache', async () => {
		const recent = memoryRecent({ parsedBatches: 1 });
		for (let first = 1; first <= 30; first += 5) await recent.append(batch(first, first + 4));
		const first = await recent.since(25, '370100');
		const again = await recent.since(25, '370100');
		expect(seqs(again!.events)).toEqual([27, 29]);
		expect(again!.events[0]).toBe(first!.events[0]); // parsed once
		await recent.since(15, '370100', undefined, 20); // reads only 16..20: the cache's one batch now
		const later = await recent.since(25, '370100');
		expect(later).toEqual(first);
		expect(later!.events[0]).not.toBe(first!.events[0]); // parsed again from its text
	});

	it('Redis rejects a batch that arrives out of order, which reads as a gap', async () => {
		const ordered = `${key}:order`;
		const recent = redisRecent(redis, ordered, 100);
		await recent.append(batch(1, 3));
		await recent.append(batch(7, 9));
		await recent.append(batch(4, 6)); // late: refused by Redis, so 4..6 are missing
		expect(await recent.since(0, '370000')).toBeNull();
		expect(seqs((await recent.since(6, '370000'))?.events)).toEqual([7, 8, 9]);
		await redis.del(ordered);
	});

	it('a Redis that does not answer delays neither a resume nor the relay for long', async () => {
		const stalled = `${key}:stalled`;
		const recent = redisRecent(redis, stalled, 100);
		await recent.append(batch(1, 3));
		// another client holds every command for 1.5 s, as a Redis restarting does (commands queue)
		const pauser = createClient({ url: REDIS_URL });
		await pauser.connect();
		await pauser.sendCommand(['CLIENT', 'PAUSE', '1500', 'ALL']);
		try {
			let started = Date.now();
			expect(await recent.since(0, '370000')).toBeNull(); // the outbox answers instead
			const read = Date.now() - started;
			expect(read).toBeGreaterThanOrEqual(450);
			expect(read).toBeLessThan(1000);
			started = Date.now();
			await recent.append(batch(4, 6));
			expect(Date.now() - started).toBeLessThan(600);
		} finally {
			await pauser.sendCommand(['CLIENT', 'UNPAUSE']);
			await pauser.quit();
		}
		// the held append lands once Redis answers: the stretch is whole again
		await expect.poll(async () => seqs((await recent.since(0, '370000'))?.events)).toEqual([1, 2, 3, 4, 5, 6]);
		await redis.del(stalled);
	});
});
