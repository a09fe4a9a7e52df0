import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { signInCookie } from '../support/admin-client.ts';
import { DEMO_PASSWORD, signIn } from '../support/auth.ts';
import type { TestDatabase } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { SHOTS, useStack } from '../support/stack.ts';
import { apiSnapshot } from '../support/wall.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Inserts one petition item received now in 历下区 (济南), as any writer would. */
async function insertPetition(db: TestDatabase, n: number): Promise<void> {
	const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
	await db.sql`
		insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due)
		values (${`370102-${day.replaceAll('-', '')}-${String(990000 + n)}`}, 'visit', now(), '370102', 'labour', 'appeal',
		        '反映工程款拖欠', ${day}::date + 15)`;
}

const todayTotal = (page: Page) => page.getAttribute('[data-testid=today-total]', 'data-value').then(Number);

/** The wall as the province's display account (大屏) shows it. */
async function openScreen(browser: Browser, url: string, width: number, height: number, account = 'dapin'): Promise<Page> {
	const page = await browser.newPage({ viewport: { width, height } });
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await signIn(page, url, account);
	await page.waitForSelector('[data-status=live]', { timeout: 20_000 });
	await page.waitForFunction(() => document.querySelectorAll('canvas').length >= 2, null, { timeout: 20_000 });
	await page.waitForTimeout(1200); // let the map and counters finish their first animation
	expect(errors).toEqual([]);
	return page;
}

describe('command screen', () => {
	const { db, server, browser } = useStack({ items: 6000, seed: 'e2e', browser: true });
	let inserted = 0;

	afterAll(async () => {
		expect(await server?.stop()).toBe(0); // graceful shutdown exits cleanly
	});

	it('shows the province map, the counters and the trend from the database', async () => {
		const page = await openScreen(browser, server.url, 1920, 1080);
		const [{ today }] = await db.sql`
			select count(*)::int as today from petition_item
			 where (received_at at time zone 'Asia/Shanghai')::date = (now() at time zone 'Asia/Shanghai')::date`;
		expect(await todayTotal(page)).toBe(today);
		const [{ month }] = await db.sql`
			select count(*)::int as month from petition_item
			 where date_trunc('month', received_at at time zone 'Asia/Shanghai') = date_trunc('month', now() at time zone 'Asia/Shanghai')`;
		expect(Number(await page.getAttribute('[data-testid=month-total]', 'data-value'))).toBe(month);
		expect((await apiSnapshot(page)).body.areas.length).toBe(16); // the map is drawn by city
		expect(await page.textContent('h1')).toContain('山东省');
		await page.screenshot({ path: `${SHOTS}screen-1920x1080.png` });
		await page.close();
	});

	it('changes within a second of a petition committed with SQL, without reload', async () => {
		const page = await openScreen(browser, server.url, 1920, 1080);
		const before = await todayTotal(page);
		const jinanBefore = (await apiSnapshot(page)).body.todayByArea['370100'];
		const started = performance.now();
		await insertPetition(db, ++inserted);
		await page.waitForFunction((n) => Number(document.querySelector('[data-testid=today-total]')?.getAttribute('data-value')) === n, before + 1, { timeout: 1000, polling: 'raf' });
		const delay = performance.now() - started;
		console.log(`commit → screen: ${delay.toFixed(0)} ms`);
		expect((await apiSnapshot(page)).body.todayByArea['370100']).toBe(jinanBefore + 1);
		await page.close();
	});

	it('shows a city account only its city, drawn by county', async () => {
		const page = await openScreen(browser, server.url, 1920, 1080, 'jinan.dapin');
		expect(await page.textContent('h1')).toContain('济南市');
		const counties = (await apiSnapshot(page)).body.areas.map((a) => a.adcode);
		expect(counties.length).toBe(12);
		expect(counties.every((c) => c!.startsWith('3701'))).toBe(true);
		const [{ jinan }] = await db.sql`
			select count(*)::int as jinan from petition_item
			 where region like '3701%' and (received_at at time zone 'Asia/Shanghai')::date = (now() at time zone 'Asia/Shanghai')::date`;
		expect(await todayTotal(page)).toBe(jinan);
		await page.screenshot({ path: `${SHOTS}screen-jinan-1920x1080.png` });
		await page.close();
	});

	it('sends a visitor without a session to sign in, and refuses their socket', async () => {
		const page = await browser.newPage();
		await page.goto(`${server.url}/screen`);
		expect(new URL(page.url()).pathname).toBe('/login');
		await page.screenshot({ path: `${SHOTS}login-1920x1080.png` });
		const refused = await page.evaluate(async (base) => {
			const res = await fetch(`${base}/screen/snapshot.json`);
			return res.status;
		}, server.url);
		expect(refused).toBe(401);
		await page.close();
	});

	it('keeps a name and password typed before the page script has run (slow network) and signs in', async () => {
		const page = await browser.newPage();
		// hold the page's scripts back until the fields are filled, as on a slow link or a busy machine
		let release!: () => void;
		const released = new Promise<void>((r) => (release = r));
		await page.route('**/_app/immutable/**/*.js', async (route) => {
			await released;
			await route.continue();
		});
		await page.goto(`${server.url}/login?next=%2Fscreen`, { waitUntil: 'domcontentloaded' });
		await page.fill('input[name=username]', 'dapin');
		await page.fill('input[name=password]', DEMO_PASSWORD);
		release();
		await page.waitForSelector('html[data-ready=yes]', { timeout: 20_000 });
		expect(await page.inputValue('input[name=username]')).toBe('dapin');
		await Promise.all([page.waitForURL((url) => url.pathname === '/screen', { timeout: 20_000 }), page.click('button')]);
		await page.close();
	});

	it('renders crisp and whole at 3840×2160', async () => {
		const page = await openScreen(browser, server.url, 3840, 2160);
		const box = await page.locator('.wall').boundingBox();
		expect(box!.width).toBeCloseTo(3840, -1);
		expect(box!.height).toBeCloseTo(2160, -1);
		// the map canvas is drawn at the screen's resolution, not stretched from 1080p
		const canvasWidth = await page.evaluate(() => Math.max(...[...document.querySelectorAll('canvas')].map((c) => c.width)));
		expect(canvasWidth).toBeGreaterThan(1400);
		const ratio = await page.evaluate(() => { const c = document.querySelector('[data-panel=map] canvas') as HTMLCanvasElement; return c.width / c.offsetWidth; });
		expect(ratio).toBeGreaterThanOrEqual(1.99);
		await page.screenshot({ path: `${SHOTS}screen-3840x2160.png` });
		await page.close();
	});

	it('keeps a 32:9 wall whole (letterboxed, nothing cut off)', async () => {
		const page = await openScreen(browser, server.url, 3840, 1080);
		const box = await page.locator('.wall').boundingBox();
		expect(box!.x).toBeGreaterThanOrEqual(0);
		expect(box!.x + box!.width).toBeLessThanOrEqual(3840.5);
		expect(box!.height).toBeCloseTo(1080, -1);
		await page.close();
	});

	it('reaches a screen on another node through Redis', async () => {
		expect(await server.stop()).toBe(0); // the pair below must be the only nodes on this database
		const env = { DATABASE_URL: db.url, REDIS_URL, REDIS_PREFIX: `lw-e2e-${process.pid}` };
		const a = await startServer(env);
		const b = await startServer(env);
		try {
			// the relay's owner is a detail /healthz shows to an administrator only
			const admin = (await signInCookie(a.url, 'admin'))!;
			const leader = async (s: RunningServer) => (await (await fetch(`${s.url}/healthz`, { headers: { cookie: admin } })).json()).feed.relay.leader as boolean;
			let leaders: boolean[] = [];
			for (let i = 0; i < 50 && leaders.filter(Boolean).length !== 1; i++) {
				await new Promise((r) => setTimeout(r, 100));
				leaders = [await leader(a), await leader(b)];
			}
			expect(leaders.filter(Boolean)).toHaveLength(1); // exactly one relay
			// watch the node that is not the relay: the change has to cross Redis to get there
			const follower = leaders[0] ? b : a;
			const page = await openScreen(browser, follower.url, 1920, 1080);
			const before = await todayTotal(page);
			await insertPetition(db, ++inserted);
			await page.waitForFunction((n) => Number(document.querySelector('[data-testid=today-total]')?.getAttribute('data-value')) === n, before + 1, { timeout: 5000 });
			// with nothing written, the relay's heartbeat still reaches the other node's screen: its
			// 更新于 moves on (the nodes exchange one ticks message a second, not one per room)
			const updated = await page.locator('.feed .updated').textContent();
			await page.waitForFunction((was) => document.querySelector('.feed .updated')?.textContent !== was, updated, { timeout: 5000 });
			expect(await page.locator('.feed').getAttribute('data-stale')).toBe('false');
			await page.close();
		} finally {
			expect(await a.stop()).toBe(0);
			expect(await b.stop()).toBe(0);
		}
	});
});
