import { describe, expect, it } from 'vitest';
import { officeNav, policyKey, routePolicy } from './policy.ts';

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

describe('officeNav: the office bar offers what the route policy lets in', () => {
	const root = '370000';
	const hrefs = (user: Parameters<typeof officeNav>[0]) => officeNav(user, root).map((l) => l.href);
	it('gives a leader the wall, the phone view and the work queues, not 系统管理', () => {
		const nav = hrefs({ role: 'leader', scope: '370000' });
		expect(nav).toEqual(expect.arrayContaining(['/screen', '/m', '/work', '/items']));
		expect(nav).not.toContain('/admin/users');
	});
	it('gives a unit its own queue and no phone view', () => {
		const nav = hrefs({ role: 'unit', scope: '370102' });
		expect(nav).toContain('/my');
		expect(nav).not.toContain('/m');
	});
	it('gives nothing to a stranger or an account that must first choose a password', () => {
		expect(hrefs(null)).toEqual([]);
		expect(hrefs({ role: 'leader', scope: '370000', mustChangePassword: true })).toEqual([]);
	});
});
