import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, startOfLocalDay } from '../../src/lib/domain/deadlines.ts';
import { generateDemoData } from '../../src/lib/server/sim/generate.ts';
import { openReady, signIn, withDemoUsers } from '../support/auth.ts';
import { launchBrowser } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const SHOTS = new URL('../../test-results/', import.meta.url).pathname;
const PHONE = { width: 390, height: 844 };

/** The page's own width against the viewport: a phone must never scroll the page sideways. */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('office pages: phones, pickers by place, overdue cases, serials, audit in words (#17)', () => {
	let db: TestDatabase;
	let server: RunningServer;
	let browser: Browser;

	beforeAll(async () => {
		db = await createTestDatabase();
		await generateDemoData(db.sql, { items: 3000, seed: 'office' });
		await withDemoUsers(db.sql);
		server = await startServer({ DATABASE_URL: db.url });
		browser = await launchBrowser();
		await mkdir(SHOTS, { recursive: true });
	}, 300_000);
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		await db?.drop();
	});

	it('each office page fits a 390×844 phone: no sideways page scroll, tables scroll in their own box, the bar folds into a menu', async () => {
		const page = await browser.newPage({ viewport: PHONE });
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		await signIn(page, server.url, 'ducha', '/work');
		for (const path of ['/work', '/rates', '/my', '/cases', '/letters', '/items', '/work/quality']) {
			await openReady(page, `${server.url}${path}`);
			expect(await overflow(page), path).toBeLessThanOrEqual(0);
			// a column label never wraps a character a line: each header cell's text sits on one line
			const wrapped = await page.$$eval('main th, .office th', (cells) =>
				cells
					.filter((c) => {
						const range = document.createRange();
						range.selectNodeContents(c);
						return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
					})
					.map((c) => c.textContent)
			);
			expect(wrapped, path).toEqual([]);
			await page.screenshot({ path: `${SHOTS}phone${path.replaceAll('/', '-')}-390x844.png` });
		}
		// the office bar: links hidden behind one menu button, which opens them as a list of big targets
		await openReady(page, `${server.url}/work`);
		expect(await page.isVisible('nav.office-nav .links a[href="/rates"]')).toBe(false);
		await page.click('nav.office-nav button.menu');
		expect(await page.getAttribute('nav.office-nav button.menu', 'aria-expanded')).toBe('true');
		const target = await page.locator('nav.office-nav .links a[href="/rates"]').boundingBox();
		expect(target!.height).toBeGreaterThanOrEqual(40);
		await page.screenshot({ path: `${SHOTS}phone-menu-390x844.png` });
		await Promise.all([page.waitForURL((u) => u.pathname === '/rates'), page.click('nav.office-nav .links a[href="/rates"]')]);
		expect(await page.isVisible('nav.office-nav .links a[href="/work"]')).toBe(false); // closed again after following a link
		expect(await overflow(page)).toBeLessThanOrEqual(0);
		// the same pages at a desk: the bar shows its links and sign-out, no menu button
		await page.setViewportSize({ width: 1920, height: 1080 });
		await openReady(page, `${server.url}/work`);
		expect(await page.isVisible('nav.office-nav button.menu')).toBe(false);
		expect(await page.isVisible('nav.office-nav .links a[href="/rates"]')).toBe(true);
		expect(await page.isVisible('nav.office-nav button:has-text("退出登录")')).toBe(true);
		await page.screenshot({ path: `${SHOTS}office-work-1920x1080.png` });
		expect(errors).toEqual([]);
		await page.close();
	}, 180_000);

	it('/rates picks a region by name from the province → city → county tree, and the figures follow it', async () => {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'ducha', '/rates');
		expect(await page.locator('input[name=region]').count()).toBe(0); // no adcode to type
		const picker = page.locator('select[data-picker=region]');
		const groups = await picker.locator('optgroup').evaluateAll((els) => els.map((e) => e.getAttribute('label')));
		expect(groups[0]).toBe('山东省');
		expect(groups).toContain('济南市');
		expect(groups.length).toBe(17); // the province and its 16 cities
		expect(await picker.locator('optgroup[label=济南市] option').allTextContents()).toContain('　历下区');
		await picker.selectOption({ label: '　历下区' });
		await Promise.all([page.waitForURL(/region=370102/), page.click('form.filters button')]);
		expect(await page.textContent('h1')).toContain('历下区');
		expect(await page.textContent('[data-region-path]')).toBe('山东省 · 济南市 · 历下区');
		expect(await picker.inputValue()).toBe('370102');
		await page.screenshot({ path: `${SHOTS}rates-region-picker-1920x1080.png` });
		await page.close();
	}, 120_000);

	it("/work's unit filter lists every unit in scope by city and narrows as a name is typed; the region is picked by name", async () => {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'ducha', '/work');
		const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from unit`;
		const units = page.locator('select[data-picker=unit] option:not([value=""])');
		expect(await units.count()).toBe(n); // all of them, not the first 500
		expect(await page.locator('select[data-picker=unit] optgroup').count()).toBeGreaterThan(10);
		await page.fill('input[data-picker=unit-search]', '历下 住房');
		await expect.poll(() => units.count()).toBeLessThan(5);
		const names = await units.allTextContents();
		expect(names.length).toBeGreaterThan(0);
		for (const name of names) expect(name).toMatch(/历下.*住房|住房.*历下/);
		const [unit] = await db.sql<{ id: number }[]>`select id from unit where name = ${names[0]}`;
		await page.selectOption('select[data-picker=unit]', String(unit.id));
		await page.selectOption('select[data-picker=region]', '370102');
		await Promise.all([page.waitForURL(new RegExp(`unit=${unit.id}`)), page.click('form.filters button')]);
		expect(new URL(page.url()).searchParams.get('region')).toBe('370102');
		expect(await page.inputValue('select[data-picker=unit]')).toBe(String(unit.id));
		await page.screenshot({ path: `${SHOTS}work-unit-picker-1920x1080.png` });
		await page.close();
	}, 120_000);

	it('a search typed before the page has hydrated is kept', async () => {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'ducha', '/work');
		// hold the page's script back, type, then let it hydrate
		let release: () => void = () => {};
		const held = new Promise<void>((r) => (release = r));
		await page.route('**/_app/immutable/entry/**', async (route) => {
			await held;
			await route.continue();
		});
		await page.goto(`${server.url}/work`, { waitUntil: 'domcontentloaded' });
		await page.fill('input[name=q]', '征地');
		await page.selectOption('select[name=category]', 'labour');
		expect(await page.evaluate(() => document.documentElement.dataset.ready)).toBeUndefined(); // typed before hydration
		release();
		await page.waitForSelector('html[data-ready=yes]');
		expect(await page.inputValue('input[name=q]')).toBe('征地');
		expect(await page.inputValue('select[name=category]')).toBe('labour');
		await page.close();
	}, 120_000);

	it('/cases reads a case past its deadline as 逾期 N 天 in red', async () => {
		// any case, made a resolving one past its deadline: the demo may hold no resolving case at some hours
		const [late] = await db.sql<{ id: number }[]>`
			update lead_case set status = 'resolving', resolved_at = null, assigned_at = now() - interval '150 days', deadline = (now() at time zone 'Asia/Shanghai')::date - 110
			 where id = (select min(id) from lead_case) returning id`;
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'ducha', '/cases');
		const status = page.locator(`tbody tr:has(a[href="/cases/${late.id}"]) [data-status]`);
		expect(await status.getAttribute('data-status')).toBe('overdue');
		expect((await status.textContent())!.trim()).toBe('▲ 逾期 110 天');
		expect(await status.locator('.alert').evaluate((e) => getComputedStyle(e).color)).toBe('rgb(255, 95, 86)');
		await page.close();
	}, 120_000);

	it('serials, never database ids: 前次事项 on a repeat; /work/quality opens the items it counts', async () => {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		const [repeat] = await db.sql<{ id: string; before: string }[]>`
			select i.id::text, p.serial as before from petition_item i join petition_item p on p.id = i.repeat_of order by i.id limit 1`;
		await signIn(page, server.url, 'ducha', `/items/${repeat.id}`);
		expect(await page.textContent('main')).toContain(`前次事项 ${repeat.before}`);

		// 智能校对统计: the flagged count of a unit opens exactly its flagged items
		await openReady(page, `${server.url}/work/quality?from=${new Date(Date.now() - 300 * 86400_000).toISOString().slice(0, 10)}`);
		const link = page.locator('a[data-link=unit-flagged]').first();
		const count = Number(await link.textContent());
		expect(count).toBeGreaterThan(0);
		await Promise.all([page.waitForURL(/\/items\?/), link.click()]);
		const url = new URL(page.url());
		expect(url.searchParams.get('warned')).toBe('1');
		const unitId = Number(url.searchParams.get('unit'));
		const [{ n }] = await db.sql<{ n: number }[]>`
			select count(*)::int as n from petition_item i
			 where i.unit_id = ${unitId} and i.received_at >= ${startOfLocalDay(url.searchParams.get('from')!)}
			   and i.received_at < ${startOfLocalDay(addDays(url.searchParams.get('to')!, 1))}
			   and exists (select 1 from item_quality_warning w where w.item_id = i.id)`;
		expect(n).toBe(count);
		expect(await page.locator('tbody tr a[href^="/items/"]').count()).toBe(Math.min(count, 50));
		expect(await page.textContent('[data-testid=items-narrowed]')).toContain('有校对提示');
		await page.close();
	}, 120_000);

	it('the audit log reads in Chinese, not JSON', async () => {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'admin', '/admin/audit');
		const details = await page.locator('td.detail').allTextContents();
		expect(details.length).toBeGreaterThan(0);
		for (const d of details) expect(d).not.toMatch(/[{}"]/);
		await page.screenshot({ path: `${SHOTS}admin-audit-words-1920x1080.png` });
		await page.close();
	}, 60_000);
});
