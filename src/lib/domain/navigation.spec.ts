import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { homeOf } from './access.ts';
import { currentLink, officeLinks } from './navigation.ts';

const everywhere = () => true;

describe('officeLinks', () => {
	it('offers a unit its own work, not the supervision queues or the register of 三函', () => {
		const hrefs = officeLinks('unit', everywhere).map((l) => l.href);
		expect(hrefs).toContain('/my');
		expect(hrefs).not.toContain('/work');
		expect(hrefs).not.toContain('/letters');
	});
	it('offers a leader the queues and the register but not 我的事项', () => {
		const hrefs = officeLinks('leader', everywhere).map((l) => l.href);
		expect(hrefs).toEqual(expect.arrayContaining(['/work', '/letters', '/screen']));
		expect(hrefs).not.toContain('/my');
	});
	it('never offers a route the account may not reach', () => {
		const hrefs = officeLinks('supervisor', (href) => href !== '/intake/new' && href !== '/admin/users').map((l) => l.href);
		expect(hrefs).not.toContain('/intake/new');
		expect(hrefs).not.toContain('/admin/users');
		expect(hrefs[0]).toBe('/screen');
	});
	it('offers nothing where nothing is reachable', () => {
		expect(officeLinks('display', () => false)).toEqual([]);
	});
});

describe('currentLink', () => {
	const links = officeLinks('unit', everywhere);
	it('picks the longest matching prefix', () => {
		expect(currentLink(links, '/letters/inbox')).toBe('/letters/inbox');
		expect(currentLink(links, '/items/12')).toBe('/items');
		expect(currentLink(links, '/itemsx')).toBeNull();
	});
});

describe('the office frame (the (office) route group)', () => {
	// which pages get the office navigation is the route tree's shape: the pages inside src/routes/(office)
	const routes = new URL('../../routes/', import.meta.url).pathname;
	const pages = (readdirSync(routes, { recursive: true }) as string[]).filter((f) => /(^|\/)\+page\.svelte$/.test(f)).map((f) => f.replace(/\/?\+page\.svelte$/, ''));
	const office = new Set(pages.filter((f) => f.startsWith('(office)')).map((f) => `/${f.replace(/^\(office\)\/?/, '')}`));
	const bare = new Set(pages.filter((f) => !f.startsWith('(office)')).map((f) => `/${f}`));
	it('leaves the wall, sign-in, the petitioner link, admin and presenting outside', () => {
		for (const path of ['/screen', '/screen/replay', '/login', '/e/[token]', '/admin/users', '/meetings/[id]/present']) expect(bare).toContain(path);
		for (const path of ['/work', '/items/[id]', '/letters', '/my', '/m', '/intake/new', '/account/password']) expect(office).toContain(path);
	});
	it('has every page of the navigation inside but the wall and 系统管理 (which has a bar of its own)', () => {
		for (const { href } of officeLinks('supervisor', everywhere)) expect(/^\/(screen|admin)\b/.test(href) ? bare : office).toContain(href);
	});
	it('gives no URL two homes', () => {
		expect([...office].filter((p) => bare.has(p))).toEqual([]);
	});
});

describe('homeOf: each role starts where its work is, on a page it can reach', () => {
	it('supervision in its queues, a unit in what it was sent, leaders and screens on the wall, admins in accounts', () => {
		expect(homeOf({ role: 'supervisor' })).toBe('/work');
		expect(homeOf({ role: 'unit' })).toBe('/my');
		expect(homeOf({ role: 'leader' })).toBe('/screen');
		expect(homeOf({ role: 'display' })).toBe('/screen');
		expect(homeOf({ role: 'admin' })).toBe('/admin/users');
	});
	it('a home off the wall is one of the role’s own links', () => {
		for (const role of ['supervisor', 'unit', 'leader'] as const) {
			const home = homeOf({ role });
			if (home !== '/screen') expect(officeLinks(role, everywhere).map((l) => l.href)).toContain(home);
		}
	});
});
