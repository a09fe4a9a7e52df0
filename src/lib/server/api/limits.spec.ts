import { describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime.ts';
import { API_BURST, apiLimiter } from './limits.ts';

describe('apiLimiter: each client’s requests', () => {
	it('allows a burst of 600, then refuses; one limiter per running node, keyed by client', async () => {
		const runtime = { redis: null, config: { redisPrefix: 'test' } } as unknown as Runtime;
		const limiter = apiLimiter(runtime);
		expect(apiLimiter(runtime)).toBe(limiter);
		let allowed = 0;
		for (let i = 0; i < API_BURST + 5; i++) if (await limiter.take('client:1')) allowed++;
		expect(allowed).toBeGreaterThanOrEqual(API_BURST);
		expect(allowed).toBeLessThan(API_BURST + 5);
		expect(await limiter.take('client:2')).toBe(true); // another client has its own bucket
	});
});
