import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter, type RateLimiter } from '../../src/lib/server/auth/rate-limit.ts';
import type { RedisClient } from '../../src/lib/server/redis.ts';
import { sleep } from '../support/fixtures.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `lw-test-rl-${process.pid}-${randomBytes(3).toString('hex')}`;

// 600 a minute = one token every 100 ms: refills are seen in short real waits
const options = { capacity: 3, perMinute: 600 };

async function takeMany(limiter: RateLimiter, key: string, n: number): Promise<boolean[]> {
	const results: boolean[] = [];
	for (let i = 0; i < n; i++) results.push(await limiter.take(key));
	return results;
}

/** The same behaviour, whichever store holds the buckets. */
function bucketBehaviour(make: (prefix: string) => RateLimiter) {
	it('lets `capacity` attempts through, then refuses', async () => {
		const limiter = make('cap');
		expect(await takeMany(limiter, 'ip:10.0.0.1', 5)).toEqual([true, true, true, false, false]);
	});

	it('refills over time, one token per 1/rate', async () => {
		const limiter = make('refill');
		expect(await takeMany(limiter, 'k', 4)).toEqual([true, true, true, false]);
		await sleep(150);
		expect(await takeMany(limiter, 'k', 2)).toEqual([true, false]);
		await sleep(200); // two more (half a token was left over)
		expect(await takeMany(limiter, 'k', 3)).toEqual([true, true, false]);
	});

	it('never refills beyond its capacity', async () => {
		const limiter = make('full');
		expect(await limiter.take('k')).toBe(true);
		await sleep(700); // would be 7 tokens if uncapped
		expect(await takeMany(limiter, 'k', 4)).toEqual([true, true, true, false]);
	});

	it('keeps keys apart: one emptied bucket does not touch another', async () => {
		const limiter = make('keys');
		expect(await takeMany(limiter, 'user:zhang', 4)).toEqual([true, true, true, false]);
		expect(await takeMany(limiter, 'user:li', 3)).toEqual([true, true, true]);
		expect(await takeMany(limiter, 'ip:10.0.0.2', 1)).toEqual([true]);
		expect(await limiter.take('user:zhang')).toBe(false);
	});

	it('a refund gives one token back (a sign-in that went well), never beyond the capacity', async () => {
		const limiter = make('refund');
		expect(await takeMany(limiter, 'k', 4)).toEqual([true, true, true, false]);
		await limiter.refund('k');
		expect(await takeMany(limiter, 'k', 2)).toEqual([true, false]);
		// a full bucket stays at its capacity, and an unknown key is not created beyond it
		const fresh = make('refund-full');
		for (let i = 0; i < 5; i++) await fresh.refund('k');
		await fresh.refund('never-seen');
		expect(await takeMany(fresh, 'k', 4)).toEqual([true, true, true, false]);
		expect(await takeMany(fresh, 'never-seen', 4)).toEqual([true, true, true, false]);
	});

	it('a refused attempt does not spend a token (waiting is enough to get back in)', async () => {
		const limiter = make('refused');
		await takeMany(limiter, 'k', 3);
		for (let i = 0; i < 20; i++) expect(await limiter.take('k')).toBe(false);
		await sleep(150);
		expect(await limiter.take('k')).toBe(true);
	});
}

describe('sign-in rate limit in memory (one node)', () => {
	bucketBehaviour(() => createRateLimiter({ ...options, redis: null, prefix: 'unused' }));

	it('a flood of other keys does not reset an emptied bucket', async () => {
		// the bound on memory must not be a way to wipe the per-account count: an attacker with
		// many addresses (an IPv6 /64) would otherwise get fresh guesses at one account
		const limiter = createRateLimiter({ capacity: 2, perMinute: 1, redis: null, prefix: 'unused' });
		expect(await takeMany(limiter, 'user:lingdao', 3)).toEqual([true, true, false]);
		for (let i = 0; i < 100_050; i++) await limiter.take(`ip:2001:db8::${i.toString(16)}`);
		expect(await limiter.take('user:lingdao')).toBe(false);
	});
});

describe('sign-in rate limit in Redis (shared by every node)', () => {
	let redis: RedisClient;
	let other: RedisClient;
	const clients: RedisClient[] = [];
	const connectClient = async () => {
		const client = createClient({ url: REDIS_URL }) as unknown as RedisClient;
		await client.connect();
		clients.push(client);
		return client;
	};
	beforeAll(async () => {
		redis = await connectClient();
		other = await connectClient();
	});
	afterAll(async () => {
		if (redis) {
			const keys = await redis.keys(`${PREFIX}:*`);
			if (keys.length) await redis.del(keys);
		}
		for (const client of clients) await client.quit();
	});

	bucketBehaviour((name) => createRateLimiter({ ...options, redis, prefix: `${PREFIX}:${name}` }));

	it('two nodes (two limiters, two connections) share one bucket per key', async () => {
		const nodeA = createRateLimiter({ ...options, redis, prefix: `${PREFIX}:shared` });
		const nodeB = createRateLimiter({ ...options, redis: other, prefix: `${PREFIX}:shared` });
		expect(await nodeA.take('user:ducha')).toBe(true);
		expect(await nodeB.take('user:ducha')).toBe(true);
		expect(await nodeA.take('user:ducha')).toBe(true);
		expect(await nodeB.take('user:ducha')).toBe(false); // node B sees what node A spent
		expect(await nodeA.take('user:ducha')).toBe(false);
		await sleep(150);
		expect(await nodeB.take('user:ducha')).toBe(true);
		expect(await nodeA.take('user:ducha')).toBe(false);
	});

	it('concurrent attempts from two nodes never exceed the capacity', async () => {
		const nodeA = createRateLimiter({ capacity: 5, perMinute: 1, redis, prefix: `${PREFIX}:race` });
		const nodeB = createRateLimiter({ capacity: 5, perMinute: 1, redis: other, prefix: `${PREFIX}:race` });
		const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? nodeA : nodeB).take('user:race')));
		expect(results.filter(Boolean)).toHaveLength(5);
	});

	it('another deployment (another prefix) has its own buckets', async () => {
		const ours = createRateLimiter({ ...options, redis, prefix: `${PREFIX}:ours` });
		const theirs = createRateLimiter({ ...options, redis: other, prefix: `${PREFIX}:theirs` });
		expect(await takeMany(ours, 'user:admin', 4)).toEqual([true, true, true, false]);
		expect(await takeMany(theirs, 'user:admin', 3)).toEqual([true, true, true]);
	});

	it('keeps a bucket in Redis under the prefix, and lets it expire once it would be full again', async () => {
		const limiter = createRateLimiter({ ...options, redis, prefix: `${PREFIX}:ttl` });
		await limiter.take('user:ttl');
		const key = `${PREFIX}:ttl:user:ttl`;
		expect(await redis.exists(key)).toBe(1);
		const ttl = await redis.pTTL(key);
		expect(ttl).toBeGreaterThan(0);
		expect(ttl).toBeLessThanOrEqual(300 + 1000); // capacity / rate + 1 s
	});
});
