import type { RedisClient } from '../redis.ts';

/**
 * A token bucket per key: `capacity` attempts, refilled at `perMinute`. In Redis when the
 * deployment has one (all nodes share the count), in memory otherwise.
 */
export type RateLimiter = {
	take: (key: string) => Promise<boolean>;
	/** gives one token back (never beyond the capacity): an attempt that turned out fine */
	refund: (key: string) => Promise<void>;
};

type Bucket = { tokens: number; at: number };

const MAX_BUCKETS = 100_000;

const SCRIPT = `
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local capacity, rate, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tokens, at = tonumber(b[1]) or capacity, tonumber(b[2]) or now
tokens = math.min(capacity, tokens + (now - at) * rate)
local ok = 0
if tokens >= 1 then tokens = tokens - 1; ok = 1 end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + 1000)
return ok`;

const REFUND = `
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
if not b[1] then return 0 end
local capacity, rate, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tokens = math.min(capacity, tonumber(b[1]) + (now - tonumber(b[2])) * rate + 1)
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + 1000)
return 1`;

export function createRateLimiter(options: { capacity: number; perMinute: number; redis: RedisClient | null; prefix: string }): RateLimiter {
	const rate = options.perMinute / 60_000; // tokens per ms
	if (options.redis) {
		const redis = options.redis;
		return {
			async take(key) {
				const result = await redis.eval(SCRIPT, {
					keys: [`${options.prefix}:${key}`],
					arguments: [String(options.capacity), String(rate), String(Date.now())]
				});
				return Number(result) === 1;
			},
			async refund(key) {
				await redis.eval(REFUND, {
					keys: [`${options.prefix}:${key}`],
					arguments: [String(options.capacity), String(rate), String(Date.now())]
				});
			}
		};
	}
	const buckets = new Map<string, Bucket>();
	const tokensAt = (bucket: Bucket, now: number) => Math.min(options.capacity, bucket.tokens + (now - bucket.at) * rate);
	// Bounded, so a flood of addresses cannot grow it forever; but never by forgetting everyone,
	// or the flood would wipe an account's emptied bucket. Full buckets go first (forgetting them
	// changes nothing), then those with the most tokens left.
	const prune = (now: number) => {
		const byTokens = [...buckets].map(([key, bucket]) => [key, tokensAt(bucket, now)] as const).sort((a, b) => b[1] - a[1]);
		for (const [key, tokens] of byTokens) {
			if (tokens < options.capacity && buckets.size <= MAX_BUCKETS * 0.9) break;
			buckets.delete(key);
		}
	};
	return {
		async take(key) {
			const now = Date.now();
			const bucket = buckets.get(key) ?? { tokens: options.capacity, at: now };
			bucket.tokens = tokensAt(bucket, now);
			bucket.at = now;
			const ok = bucket.tokens >= 1;
			if (ok) bucket.tokens -= 1;
			buckets.set(key, bucket);
			if (buckets.size > MAX_BUCKETS) prune(now);
			return ok;
		},
		async refund(key) {
			const bucket = buckets.get(key);
			if (!bucket) return;
			const now = Date.now();
			bucket.tokens = Math.min(options.capacity, tokensAt(bucket, now) + 1);
			bucket.at = now;
		}
	};
}
