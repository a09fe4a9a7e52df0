import { createRateLimiter, type RateLimiter } from '../auth/rate-limit.ts';
import type { Runtime } from '../runtime.ts';

/**
 * Each API client's requests to the lifecycle endpoints: a burst of 600, refilled at 600 a
 * minute (10 a second: a county ledger's backlog of a few thousand events replays in minutes,
 * while a runaway loop cannot crowd out the offices). Shared through Redis across nodes.
 */
export const API_BURST = 600;
export const API_PER_MINUTE = 600;

const limiters = new WeakMap<Runtime, RateLimiter>();

export function apiLimiter(runtime: Runtime): RateLimiter {
	let limiter = limiters.get(runtime);
	if (!limiter) {
		limiter = createRateLimiter({ capacity: API_BURST, perMinute: API_PER_MINUTE, redis: runtime.redis, prefix: `${runtime.config.redisPrefix}:api` });
		limiters.set(runtime, limiter);
	}
	return limiter;
}
