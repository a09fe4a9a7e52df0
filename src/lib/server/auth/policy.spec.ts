import { describe, expect, it } from 'vitest';
import { policyKey, routePolicy } from './policy.ts';

describe('policyKey', () => {
	it('leaves route groups out: the key is the URL pattern', () => {
		expect(policyKey('/(office)/items/[id]')).toBe('/items/[id]');
		expect(policyKey('/(office)')).toBe('/');
		expect(policyKey('/(a)/(b)/work/export')).toBe('/work/export');
		expect(policyKey('/screen/replay')).toBe('/screen/replay');
		expect(policyKey('/')).toBe('/');
	});
	it('keeps parameters and optional segments as they are', () => {
		expect(policyKey('/(office)/items/[id]/documents/[doc]/[format]')).toBe('/items/[id]/documents/[doc]/[format]');
		expect(policyKey('/(office)/letters/[id]/document.pdf')).toBe('/letters/[id]/document.pdf');
	});
	it('finds the decision of a grouped route', () => {
		expect(routePolicy[policyKey('/(office)/items/[id]')]).toBe('items.view');
		expect(routePolicy[policyKey('/(office)/account/password')]).toBe('signed-in');
	});
});
