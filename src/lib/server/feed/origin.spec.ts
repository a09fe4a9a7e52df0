import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { sameOrigin } from './origin.ts';

const request = (headers: Record<string, string>, encrypted = false) => ({ headers, socket: { encrypted } }) as unknown as IncomingMessage;

describe('sameOrigin (the socket handshake)', () => {
	it('accepts the page of this very server, scheme, host and port', () => {
		expect(sameOrigin(request({ host: 'wall.local:3000', origin: 'http://wall.local:3000' }), {})).toBe(true);
		expect(sameOrigin(request({ host: 'wall.local', origin: 'https://wall.local' }, true), {})).toBe(true);
	});
	it('refuses another scheme on the same host (red team #15: the scheme was ignored)', () => {
		expect(sameOrigin(request({ host: 'wall.local:3000', origin: 'https://wall.local:3000' }), {})).toBe(false);
		expect(sameOrigin(request({ host: 'wall.local', origin: 'http://wall.local' }, true), {})).toBe(false);
	});
	it('refuses another host, another port, a look-alike and null', () => {
		for (const origin of ['http://evil.example', 'http://wall.local:3001', 'http://wall.local:3000.evil.example', 'null', 'not a url'])
			expect(sameOrigin(request({ host: 'wall.local:3000', origin }), {}), origin).toBe(false);
	});
	it('behind a TLS proxy: the proxy says the scheme, or ORIGIN says the whole origin', () => {
		const env = { PROTOCOL_HEADER: 'x-forwarded-proto' };
		expect(sameOrigin(request({ host: 'xf.gov.cn', 'x-forwarded-proto': 'https', origin: 'https://xf.gov.cn' }), env)).toBe(true);
		expect(sameOrigin(request({ host: 'xf.gov.cn', 'x-forwarded-proto': 'https', origin: 'http://xf.gov.cn' }), env)).toBe(false);
		expect(sameOrigin(request({ host: '10.0.0.5:3000', origin: 'https://xf.gov.cn' }), { ORIGIN: 'https://xf.gov.cn' })).toBe(true);
		expect(sameOrigin(request({ host: 'xf.gov.cn', origin: 'http://xf.gov.cn' }), { ORIGIN: 'https://xf.gov.cn' })).toBe(false);
	});
	it('lets a client without Origin through to the session check (not a browser)', () => {
		expect(sameOrigin(request({ host: 'wall.local:3000' }), {})).toBe(true);
	});
});
