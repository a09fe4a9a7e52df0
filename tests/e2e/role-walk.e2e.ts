import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMeeting } from '../../src/lib/server/meetings/create.ts';
import { ensureDemoLetters } from '../../src/lib/server/sim/letters.ts';
import { ensureDemoUnitDesk } from '../../src/lib/server/sim/unit-desk.ts';
import { DEMO_PASSWORD, openReady } from '../support/auth.ts';
import { supervisorAt } from '../support/meetings.ts';
import { SHOTS, useStack } from '../support/stack.ts';

/**
 * Every role finds its way (#17): each demo account signs in through the sign-in page (no `next`),
 * lands where its work is, then follows every link its bar shows — by clicking, as a person
 * would — and every link of the bars the pages it reaches show (the office bar, the section
 * bars of 系统管理 and 信访登记). Each page answers without a 4xx/5xx, logs no console error and
 * throws nothing, shows its heading, and keeps its bar. A few lists are followed one level down
 * to their first row's detail page.
 */

type Account = { username: string; home: string };

const ACCOUNTS: Account[] = [
	{ username: 'sheng.lingdao', home: '/screen' },
	{ username: 'jinan.lingdao', home: '/screen' },
	{ username: 'lixia.lingdao', home: '/screen' },
	{ username: 'ducha', home: '/work' },
	{ username: 'jinan.ducha', home: '/work' },
	{ username: 'lixia.xinfang', home: '/my' },
	{ username: 'admin', home: '/admin/users' }
];

/** The bars' links: the office bar (brand included), a section bar's links and its actions. */
const BAR_LINKS = 'nav.office-nav a, .shell > header a';

/** What a page must show of its frame: the wall has none (but a way to the office), /admin its section bar, the rest the office bar. */
function frameOf(path: string): 'wall' | 'admin' | 'office' {
	if (path === '/screen') return 'wall';
	if (path.startsWith('/admin/')) return 'admin';
	return 'office';
}

/** Watches a page: every 4xx/5xx answer from the app, console error and page error, until taken. */
function watch(page: Page, base: string) {
	let problems: string[] = [];
	page.on('response', (r) => {
		if (r.url().startsWith(base) && r.status() >= 400) problems.push(`${r.status()} ${r.request().method()} ${r.url().slice(base.length)}`);
	});
	page.on('console', (m) => {
		if (m.type() === 'error') problems.push(`console: ${m.text()}`);
	});
	page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
	return () => {
		const taken = problems;
		problems = [];
		return taken;
	};
}

describe('every role finds its way: sign-in, landing, every bar link, one level down (#17)', () => {
	const { db, server, browser } = useStack({ items: 1500, seed: 'walk', browser: true });

	beforeAll(async () => {
		// the lists followed one level down need rows: the demo's 三函 and one 联席会议
		await ensureDemoLetters(db.sql);
		const supervisor = await supervisorAt(db.sql);
		const made = await createMeeting(db.sql, supervisor, { title: '全省信访工作联席会议', region: '370000', heldAt: new Date(), place: '省委第一会议室', attendees: '省信访局' });
		expect('id' in made).toBe(true);
		// the 历下区信访局 account's own desk, as `npm run demo` gives it: rows in its 我的事项 and its 收件箱
		expect(await ensureDemoUnitDesk(db.sql)).toMatchObject({ items: 14, letters: 2 });
	}, 120_000);

	async function signInFresh(page: Page, username: string): Promise<string> {
		await page.goto(`${server.url}/login`);
		await page.fill('input[name=username]', username);
		await page.fill('input[name=password]', DEMO_PASSWORD);
		await Promise.all([page.waitForURL((u) => u.pathname !== '/login', { timeout: 20_000 }), page.click('button')]);
		await page.waitForSelector('html[data-ready=yes]', { timeout: 20_000 });
		return new URL(page.url()).pathname;
	}

	/** The page in `path` is whole: its heading, its frame, nothing went wrong on the way. */
	async function checkPage(page: Page, path: string, taken: () => string[], via: string) {
		const where = `${via} → ${path}`;
		expect(new URL(page.url()).pathname, where).toBe(path);
		const frame = frameOf(path);
		const heading = frame === 'wall' ? page.locator('.wall h1') : page.locator('main h1').first();
		await heading.waitFor({ state: 'visible', timeout: 8_000 }).catch(() => {});
		expect(await heading.isVisible(), `${where}: 标题`).toBe(true);
		expect((await heading.textContent())!.trim(), `${where}: 标题文字`).not.toBe('');
		if (frame === 'office') expect(await page.isVisible('nav.office-nav'), `${where}: 导航栏`).toBe(true);
		if (frame === 'admin') expect(await page.isVisible('.shell.admin > header nav'), `${where}: 系统管理栏`).toBe(true);
		if (frame === 'wall') expect(await page.isVisible('a[data-link=office]'), `${where}: 大屏上通往办公页面的入口`).toBe(true);
		await page.waitForTimeout(300); // what the page fetches right after it shows
		expect(taken(), where).toEqual([]);
	}

	/** Clicks the bar's link to `href` on the current page and waits for where it leads. */
	async function follow(page: Page, href: string, lands: string) {
		const link = page.locator(BAR_LINKS).and(page.locator(`a[href="${href}"]`)).first();
		await Promise.all([page.waitForURL((u) => u.pathname === lands, { timeout: 20_000 }), link.click()]);
	}

	const barHrefs = (page: Page) => page.locator(BAR_LINKS).evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute('href')!))]);

	for (const account of ACCOUNTS) {
		it(`${account.username} lands on ${account.home} and every link of every bar it meets opens whole`, async () => {
			const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
			const taken = watch(page, server.url);
			const landed = await signInFresh(page, account.username);
			expect(landed, `${account.username} 登录后的落点`).toBe(account.home);
			await checkPage(page, landed, taken, '登录');
			await page.screenshot({ path: `${SHOTS}walk-landing-${account.username}-1920x1080.png` });

			// from the wall, the office is one discreet link away
			if (landed === '/screen') {
				const office = await page.getAttribute('a[data-link=office]', 'href');
				await Promise.all([page.waitForURL((u) => u.pathname === office, { timeout: 20_000 }), page.click('a[data-link=office]')]);
				await checkPage(page, office!, taken, '大屏');
			}

			// breadth first over the bars: each link clicked on a page that shows it
			const start = new URL(page.url()).pathname;
			const queued = new Set<string>();
			const queue: { href: string; from: string }[] = [];
			const enqueue = async (from: string) => {
				for (const href of await barHrefs(page))
					if (!queued.has(href)) {
						queued.add(href);
						queue.push({ href, from });
					}
			};
			await enqueue(start);
			const visited: string[] = [];
			while (queue.length) {
				const { href, from } = queue.shift()!;
				const here = new URL(page.url()).pathname;
				if (!(await page.locator(BAR_LINKS).and(page.locator(`a[href="${href}"]`)).count())) {
					await openReady(page, `${server.url}${from}`);
					taken();
				}
				const lands = href === '/' ? account.home : href;
				await follow(page, href, lands);
				await checkPage(page, lands, taken, `${here} 点击 ${href}`);
				visited.push(href);
				if (account.username !== 'jinan.lingdao' && account.username !== 'jinan.ducha')
					await page.screenshot({ path: `${SHOTS}walk-${account.username}${lands.replaceAll('/', '-')}-1920x1080.png` });
				if (lands !== '/screen') await enqueue(lands);
			}
			expect(visited.length, `${account.username} 走过的链接：${visited.join(' ')}`).toBeGreaterThan(3);
			await page.close();
		}, 300_000);
	}

	/** The first row's link (its href matching `pattern`) on a list page, clicked, and the detail page checked. */
	async function firstRow(page: Page, taken: () => string[], list: string, pattern: RegExp) {
		await openReady(page, `${server.url}${list}`);
		taken();
		const links = page.locator('tbody a[href], ul a[href], ol a[href]');
		const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
		const index = hrefs.findIndex((h) => pattern.test(h));
		expect(index, `${list}: 第一行的链接`).toBeGreaterThanOrEqual(0);
		const href = hrefs[index];
		await Promise.all([page.waitForURL((u) => u.pathname === href, { timeout: 20_000 }), links.nth(index).click()]);
		await checkPage(page, href, taken, `${list} 第一行`);
	}

	it('the lists open their first row: /work, /items, /letters, /cases, /meetings for 督查督办; 我的事项 and 收件箱 for a unit', async () => {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		const taken = watch(page, server.url);
		await signInFresh(page, 'ducha');
		await firstRow(page, taken, '/work', /^\/items\/\d+$/);
		await firstRow(page, taken, '/items', /^\/items\/\d+$/);
		await firstRow(page, taken, '/letters', /^\/letters\/\d+$/);
		await firstRow(page, taken, '/cases', /^\/cases\/\d+$/);
		await firstRow(page, taken, '/meetings', /^\/meetings\/\d+$/);
		await page.close();

		const unit = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		const unitTaken = watch(unit, server.url);
		await signInFresh(unit, 'lixia.xinfang');
		await firstRow(unit, unitTaken, '/my', /^\/items\/\d+$/);
		await firstRow(unit, unitTaken, '/letters/inbox', /^\/letters\/\d+$/);
		await unit.close();
	}, 300_000);

	it('a display account keeps a bare wall: no way off it', async () => {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		const taken = watch(page, server.url);
		expect(await signInFresh(page, 'dapin')).toBe('/screen');
		await page.waitForSelector('.wall h1');
		expect(await page.locator('a[data-link=office]').count()).toBe(0);
		expect(await page.locator('a[href]').count()).toBe(0);
		expect(taken()).toEqual([]);
		await page.close();
	}, 120_000);
});
