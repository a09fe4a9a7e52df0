import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter, type RateLimiter } from '../../src/lib/server/auth/rate-limit.ts';
import { admitSignIn, createSignInLimits, forgiveSignIn, type SignInLimits } from '../../src/lib/server/auth/sign-in-limit.ts';
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

/** The sign-in policy on those buckets (red team #15, finding 6): limit guessing, lock nobody out. */
function signInPolicy(make: () => SignInLimits) {
	const known = (yes: boolean) => async () => yes;
	const tryMany = async (limits: SignInLimits, n: number, attempt: (i: number) => { ip: string; username: string }, isKnown = false) => {
		const results: boolean[] = [];
		for (let i = 0; i < n; i++) results.push((await admitSignIn(limits, attempt(i), known(isKnown))).admitted);
		return results;
	};

	it('ten wrong passwords from one address do not lock the owner out from another address, known or new', async () => {
		const limits = make();
		expect(await tryMany(limits, 11, () => ({ ip: '10.9.0.1', username: 'lixia.lingdao' }))).toEqual([...Array(10).fill(true), false]);
		expect((await admitSignIn(limits, { ip: '10.9.0.2', username: 'lixia.lingdao' }, known(false))).admitted).toBe(true);
		expect((await admitSignIn(limits, { ip: '10.9.0.3', username: 'lixia.lingdao' }, known(true))).admitted).toBe(true);
	});

	it('one address cannot empty the account bucket: it gets the same 10 then the refill rate (even over many names of the pair)', async () => {
		const limits = make();
		// every wrong guess the address is allowed, at the account: 10 (the pair bucket) of 30
		await tryMany(limits, 40, () => ({ ip: '10.9.1.1', username: 'ducha' }));
		expect(await tryMany(limits, 20, (i) => ({ ip: `10.9.1.${i + 2}`, username: 'ducha' }))).toEqual(Array(20).fill(true));
	});

	it('guesses spread over many addresses are slowed per account (30, then the refill rate) ...', async () => {
		const limits = make();
		const results = await tryMany(limits, 31, (i) => ({ ip: `10.9.2.${i}`, username: 'sheng.lingdao' }));
		expect(results).toEqual([...Array(30).fill(true), false]);
		expect((await admitSignIn(limits, { ip: '10.9.3.1', username: 'sheng.lingdao' }, known(false))).admitted).toBe(false);
	});

	it('... but never hold the owner at an address the account signed in from before', async () => {
		const limits = make();
		await tryMany(limits, 40, (i) => ({ ip: `10.9.4.${i}`, username: 'admin' }));
		expect((await admitSignIn(limits, { ip: '10.9.5.1', username: 'admin' }, known(false))).admitted).toBe(false);
		expect((await admitSignIn(limits, { ip: '10.9.5.2', username: 'admin' }, known(true))).admitted).toBe(true);
	});

	it('a spray of many accounts from one address is still refused after 10', async () => {
		const limits = make();
		expect(await tryMany(limits, 11, (i) => ({ ip: '10.9.6.1', username: `spray.${i}` }))).toEqual([...Array(10).fill(true), false]);
		expect(await tryMany(limits, 1, () => ({ ip: '10.9.6.1', username: 'jinan.ducha' }), true)).toEqual([false]);
	});

	it('a sign-in that succeeds gives back what it spent, and only that', async () => {
		const limits = make();
		for (let i = 0; i < 30; i++) {
			const admission = await admitSignIn(limits, { ip: '10.9.7.1', username: `office.${i % 3}` }, known(i % 2 === 0));
			expect(admission.admitted, `sign-in ${i + 1}`).toBe(true);
			await forgiveSignIn(admission);
		}
		// known address: the account bucket was not spent, so it is not refunded past what strangers left
		const account = await admitSignIn(limits, { ip: '10.9.7.2', username: 'office.0' }, known(true));
		expect(account.spent.map(([, key]) => key)).toEqual(['ip:10.9.7.2', 'pair:office.0|10.9.7.2']);
	});
}

describe('sign-in policy in memory', () => {
	signInPolicy(() => createSignInLimits(null, 'unused'));
});

describe('sign-in policy in Redis', () => {
	let redis: RedisClient;
	let n = 0;
	beforeAll(async () => {
		redis = createClient({ url: REDIS_URL }) as unknown as RedisClient;
		await redis.connect();
	});
	afterAll(async () => {
		if (!redis) return;
		const keys = await redis.keys(`${PREFIX}-policy*`);
		if (keys.length) await redis.del(keys);
		await redis.quit();
	});
	signInPolicy(() => createSignInLimits(redis, `${PREFIX}-policy${n++}`));
});
