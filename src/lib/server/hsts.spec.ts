import { describe, expect, it } from 'vitest';
import { HSTS, hstsFor } from './hsts.ts';

describe('hstsFor', () => {
	it('sends a year of HSTS when the page is served over HTTPS', () => {
		expect(hstsFor(new URL('https://xinfang.example.gov.cn/screen'))).toBe('max-age=31536000');
		expect(hstsFor(new URL('https://10.0.0.5:8443/login'))).toBe(HSTS);
	});
	it('sends none over plain HTTP', () => {
		expect(hstsFor(new URL('http://127.0.0.1:3000/screen'))).toBeNull();
		expect(hstsFor(new URL('http://xinfang.example.gov.cn/'))).toBeNull();
	});
});
