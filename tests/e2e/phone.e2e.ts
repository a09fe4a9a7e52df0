import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WallSnapshot } from '../../src/lib/screen/wall.ts';
import { ensureDemoLetters } from '../../src/lib/server/sim/letters.ts';
import { localMinute } from '../../src/lib/time.ts';
import { DEMO_PASSWORD } from '../support/auth.ts';
import { insertItem, waitFor } from '../support/fixtures.ts';
import { SHOTS, useStack } from '../support/stack.ts';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Signs in through the sign-in page from a phone, as a leader would, and waits where it lands. */
async function signInOnPhone(page: Page, base: string, username: string, lands: string): Promise<void> {
	await page.goto(`${base}/login?next=/screen`);
	// the sign-in card takes the phone's width inside the page's margins: nothing sideways
	const fit = await page.evaluate(() => ({ card: document.querySelector('main form')!.getBoundingClientRect(), page: document.documentElement.scrollWidth }));
	expect(fit.page).toBeLessThanOrEqual(390);
	expect(fit.card.left).toBeGreaterThanOrEqual(16);
	expect(fit.card.right).toBeLessThanOrEqual(390 - 16);
	await page.fill('input[name=username]', username);
	await page.fill('input[name=password]', DEMO_PASSWORD);
	await Promise.all([page.waitForURL((url) => url.pathname === lands, { timeout: 20_000 }), page.click('button')]);
	await page.waitForSelector('html[data-ready=yes]', { timeout: 20_000 });
}

const snapshotOf = (page: Page) => page.evaluate(async () => (await (await fetch('/screen/snapshot.json')).json()) as WallSnapshot);
const value = (page: Page, selector: string) => page.getAttribute(selector, 'data-value').then((v) => (v === '' || v === null ? null : Number(v)));

describe('手机版态势 /m: a leader on a 390×844 phone (#17)', () => {
	const { db, server, browser } = useStack({ items: 3000, seed: 'phone', browser: true });

	beforeAll(async () => {
		// the demo's 三函 register, as a demo server makes it at start-up
		expect(await ensureDemoLetters(db.sql)).toBeGreaterThan(0);
		// the demo places items relative to now, so at some hours 历下's lists are empty: one item
		// registered 30 days ago and never routed is overdue whatever the hour, and the sweeper lights it
		const overdue = await insertItem(db.sql, { region: '370102', receivedAt: new Date(Date.now() - 30 * 86400_000) });
		await waitFor(async () => (await db.sql`select 1 from petition_item where id = ${overdue} and light = 'red'`).length === 1, '历下的逾期事项亮红灯', 30_000);
		// the generator draws each 包案's outcome from its age on the day it runs, and this small demo has
		// five: on some days none is still being resolved, so the first is made one (the province's list needs it)
		await db.sql`
			update lead_case set status = 'resolving', resolved_at = null
			 where id = (select min(id) from lead_case) and not exists (select 1 from lead_case where status = 'resolving')`;
		const [{ resolving }] = await db.sql<{ resolving: number }[]>`select count(*)::int as resolving from lead_case where status = 'resolving'`;
		expect(resolving, 'a 包案 being resolved').toBeGreaterThan(0);
	});

	async function phoneOf(username: string, lands: string) {
		const context = await browser.newContext(PHONE);
		const page = await context.newPage();
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		await signInOnPhone(page, server.url, username, lands);
		return { page, errors, close: () => context.close() };
	}

	for (const [username, scope, name] of [
		['sheng.lingdao', '370000', 'province'],
		['lixia.lingdao', '370102', 'lixia']
	] as const)
		it(`${username}: the wall sends the phone to /m, with the wall's own figures, only items in scope, nothing sideways, big targets`, async () => {
			const { page, errors, close } = await phoneOf(username, '/m');
			await page.waitForSelector('main.phone [data-figure=today]');
			const wall = await snapshotOf(page);
			expect(wall.region.adcode).toBe(scope);
			expect(await page.getAttribute('main.phone', 'data-region')).toBe(scope);
			// the figures are the wall snapshot's, read the same way for the same scope
			expect(await value(page, '[data-figure=today] b')).toBe(wall.periods.today.items);
			expect(await value(page, '[data-figure=month] b')).toBe(wall.periods.month.items);
			for (const light of ['red', 'due_today', 'yellow'] as const) expect(await value(page, `[data-light=${light}]`), light).toBe(wall.lights[light]);
			if (scope === '370000') expect(wall.lights.red, 'the demo has overdue items in the province').toBeGreaterThan(0);
			for (const rate of ['timelyAcceptance', 'onTimeConclusion', 'satisfaction', 'participation'] as const)
				expect(await value(page, `[data-rate=${rate}]`), rate).toBe(wall.rates?.rates[rate].value ?? null);
			expect(await page.textContent('#cases')).toContain(`化解中 ${wall.cases.resolving} 件 · 超期 ${wall.cases.overdue} 件`);

			// every item, case and letter listed lies in the account's scope, and each list is what it says
			const items = await page.$$eval('[data-list=red] a[data-item]', (as) => as.map((a) => a.getAttribute('data-item')!));
			const due = await page.$$eval('[data-list=due_today] a[data-item]', (as) => as.map((a) => a.getAttribute('data-item')!));
			expect(items.length).toBe(Math.min(10, wall.lights.red));
			expect(due.length).toBe(Math.min(10, wall.lights.due_today));
			const rows = await db.sql<{ id: string; light: string; inScope: boolean }[]>`
				select i.id::text, i.light, ${scope} = any(r.path) as "inScope" from petition_item i join region r on r.adcode = i.region where i.id = any(${[...items, ...due]}::bigint[])`;
			expect(rows.length).toBe(items.length + due.length);
			for (const r of rows) {
				expect(r.inScope, `item ${r.id}`).toBe(true);
				expect(r.light).toBe(items.includes(r.id) ? 'red' : 'due_today');
			}
			const cases = await page.$$eval('[data-list=cases] a[data-case]', (as) => as.map((a) => ({ id: Number(a.getAttribute('data-case')), own: a.getAttribute('data-own') === 'yes' })));
			if (scope === '370000') expect(cases.length, 'the province has 包案 being resolved').toBeGreaterThan(0);
			const caseRows = await db.sql<{ id: number; inScope: boolean; status: string; leaderRegion: string }[]>`
				select c.id, ${scope} = any(r.path) as "inScope", c.status, l.region as "leaderRegion" from lead_case c join region r on r.adcode = c.region join leader l on l.id = c.leader_id
				 where c.id = any(${cases.map((c) => c.id)}::int[])`;
			for (const c of caseRows) {
				expect(c.inScope && c.status === 'resolving', `case ${c.id}`).toBe(true);
				expect(cases.find((x) => x.id === c.id)!.own).toBe(c.leaderRegion === scope);
			}
			// the account's own level's cases come first
			const firstOther = cases.findIndex((c) => !c.own);
			if (firstOther >= 0) expect(cases.slice(firstOther).every((c) => !c.own)).toBe(true);
			const letters = await page.$$eval('[data-list=letters] a[data-letter]', (as) => as.map((a) => Number(a.getAttribute('data-letter'))));
			const letterRows = await db.sql<{ id: number; inScope: boolean; status: string }[]>`
				select l.id, (${scope} = any(rr.path) or ${scope} = any(ro.path)) as "inScope", l.status from supervision_letter l
				  join unit u on u.id = l.recipient_unit_id join region rr on rr.adcode = u.region join region ro on ro.adcode = l.office_region
				 where l.id = any(${letters}::int[])`;
			expect(letterRows.length).toBe(letters.length);
			for (const l of letterRows) expect(l.inScope && ['issued', 'delivered', 'signed', 'returned', 'overdue'].includes(l.status), `letter ${l.id}`).toBe(true);
			if (scope === '370000') expect(letters.length, 'the province has letters awaiting feedback').toBeGreaterThan(0);

			// a phone never scrolls sideways; every link and button is a thumb's size; text is 15 px or more
			expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
			const small = await page.$$eval('main.phone a, main.phone button, nav.office-nav button.menu', (els) =>
				els
					.map((el) => ({ el, box: el.getBoundingClientRect() }))
					.filter(({ box }) => box.width > 0 && (box.height < 44 || box.width < 44))
					.map(({ el, box }) => `${el.textContent?.trim().slice(0, 20)} ${Math.round(box.width)}×${Math.round(box.height)}`)
			);
			expect(small).toEqual([]);
			const tiny = await page.$$eval('main.phone *', (els) =>
				els
					.filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim()))
					.filter((el) => parseFloat(getComputedStyle(el).fontSize) < 15)
					.map((el) => el.textContent!.trim().slice(0, 20))
			);
			expect(tiny).toEqual([]);
			await page.screenshot({ path: `${SHOTS}phone-m-${name}-390x844.png` });
			await page.screenshot({ path: `${SHOTS}phone-m-${name}-390x844-full.png`, fullPage: true });

			// an item opens from the list; the office bar offers /m among the leader's links; ?full=1 keeps the wall
			expect(items.length, 'the set-up left an overdue item in every scope').toBeGreaterThan(0);
			const first = (await page.locator('main.phone a[data-item]').first().getAttribute('href'))!;
			await Promise.all([page.waitForURL((u) => u.pathname === first), page.click(`main.phone a[href="${first}"]`)]);
			expect(await page.locator('nav.office-nav a[href="/m"]').count()).toBe(1);
			await page.goto(`${server.url}/screen?full=1`);
			await page.waitForSelector('.wall[data-seq]');
			await page.waitForTimeout(1000);
			expect(new URL(page.url()).pathname).toBe('/screen');
			expect(errors).toEqual([]);
			await close();
		});

	it('drills down from the province to a city and a county by tapping, each level with its own figures and lists, and back by the path', async () => {
		const { page, errors, close } = await phoneOf('sheng.lingdao', '/m');
		await page.waitForSelector('[data-list=areas] a[data-area]');
		const province = await snapshotOf(page);
		// the cities, busiest today first, each with the wall's own per-area figures
		const areas = await page.$$eval('[data-list=areas] a[data-area]', (as) => as.map((a) => a.getAttribute('data-area')!));
		expect(areas.sort()).toEqual(province.areas.map((a) => a.adcode).sort());
		const shown = await page.$$eval('[data-list=areas] a[data-area]', (as) => as.map((a) => a.getAttribute('data-area')!));
		const today = shown.map((a) => province.todayByArea[a] ?? 0);
		expect(today).toEqual([...today].sort((x, y) => y - x));

		// 济南市: the figures are the wall snapshot of 济南, the lists only 济南's
		await Promise.all([page.waitForURL((u) => u.search === '?region=370100'), page.click('[data-list=areas] a[data-area="370100"]')]);
		await page.waitForSelector('main.phone[data-region="370100"]');
		const jinan = (await page.evaluate(async () => (await (await fetch('/screen/snapshot.json?region=370100')).json()))) as WallSnapshot;
		expect(await page.textContent('main.phone h1')).toBe('济南市信访态势');
		expect(await value(page, '[data-figure=today] b')).toBe(jinan.periods.today.items);
		expect(await value(page, '[data-light=red]')).toBe(jinan.lights.red);
		expect(await page.getAttribute('[data-light=red]', 'href')).toBe('/work?queue=red&region=370100');
		const items = await page.$$eval('[data-list=red] a[data-item], [data-list=due_today] a[data-item]', (as) => as.map((a) => a.getAttribute('data-item')!));
		expect(items.length).toBeGreaterThan(0);
		const outside = await db.sql`select i.id from petition_item i join region r on r.adcode = i.region where i.id = any(${items}::bigint[]) and not ('370100' = any(r.path))`;
		expect(outside).toEqual([]);
		expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

		// a county of 济南: no further areas; the path leads back up
		await Promise.all([page.waitForURL((u) => u.search === '?region=370102'), page.click('[data-list=areas] a[data-area="370102"]')]);
		await page.waitForSelector('main.phone[data-region="370102"]');
		expect(await page.locator('[data-list=areas]').count()).toBe(0);
		expect(await page.$$eval('nav.path a', (as) => as.map((a) => a.textContent))).toEqual(['山东省', '济南市']);
		await page.screenshot({ path: `${SHOTS}phone-m-drill-lixia-390x844.png` });
		await Promise.all([page.waitForURL((u) => u.pathname === '/m' && u.search === ''), page.click('nav.path a:text("山东省")')]);
		await page.waitForSelector('main.phone[data-region="370000"]');
		expect(errors).toEqual([]);

		// a bad or foreign region is refused in Chinese; a county leader cannot drill outside 历下
		const bad = await page.goto(`${server.url}/m?region=37010x`);
		expect(bad?.status()).toBe(400);
		expect(await page.textContent('body')).toContain('地区代码应为 6 位数字');
		await close();
		const lixia = await phoneOf('lixia.lingdao', '/m');
		expect((await lixia.page.goto(`${server.url}/m?region=370100`))?.status()).toBe(403);
		expect((await lixia.page.goto(`${server.url}/m?region=370200`))?.status()).toBe(403);
		await lixia.close();
	});

	it('the figures follow the feed: an item registered in 历下 reaches the leader’s phone without a reload, and the list re-reads when the tab comes back', async () => {
		const leader = await phoneOf('lixia.lingdao', '/m');
		await leader.page.waitForSelector('main.phone [data-feed=live]', { timeout: 20_000 });
		const before = (await value(leader.page, '[data-figure=today] b'))!;
		const loadsBefore = await leader.page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('__data.json')).length);
		// the 历下 信访局 registers a visit now, through the intake form's action
		const context = await browser.newContext();
		const unit = await context.newPage();
		await unit.goto(`${server.url}/login?next=/intake/new`);
		await unit.fill('input[name=username]', 'lixia.xinfang');
		await unit.fill('input[name=password]', DEMO_PASSWORD);
		await Promise.all([unit.waitForURL((url) => url.pathname === '/intake/new', { timeout: 20_000 }), unit.click('button')]);
		const reply = await unit.evaluate(async (receivedAt) => {
			const body = new FormData();
			for (const [k, v] of Object.entries({ channel: 'visit', receivedAt, region: '370102', category: 'other', type: 'complaint', summary: '手机版测试：反映小区门口道路破损，请求修复' })) body.set(k, v);
			const response = await fetch('/intake/new?/register', { method: 'POST', body, headers: { 'x-sveltekit-action': 'true' } });
			return response.text();
		}, localMinute(new Date()));
		expect(reply).toContain('"type":"success"');
		await context.close();
		// the phone's figure moves by the feed (no reload of the page) and then equals the wall's read
		await leader.page.waitForFunction((n) => Number(document.querySelector('[data-figure=today] b')?.getAttribute('data-value')) === n, before + 1, { timeout: 20_000 });
		expect((await snapshotOf(leader.page)).periods.today.items).toBe(before + 1);
		// a tab coming back re-reads the lists (the page's data, not a reload)
		await leader.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
		await leader.page.waitForFunction((n) => performance.getEntriesByType('resource').filter((e) => e.name.includes('__data.json')).length > n, loadsBefore, { timeout: 20_000 });
		expect(leader.errors).toEqual([]);
		await leader.close();
	});

	it('a display account stays on its wall at a phone’s width and is refused /m; a unit is refused /m', async () => {
		const display = await phoneOf('dapin', '/screen');
		await display.page.waitForSelector('.wall[data-seq]');
		await display.page.waitForTimeout(1500);
		expect(new URL(display.page.url()).pathname).toBe('/screen');
		expect((await display.page.goto(`${server.url}/m`))?.status()).toBe(403);
		await display.close();
		const context = await browser.newContext(PHONE);
		const page = await context.newPage();
		await page.goto(`${server.url}/login?next=/my`);
		await page.fill('input[name=username]', 'lixia.xinfang');
		await page.fill('input[name=password]', DEMO_PASSWORD);
		await Promise.all([page.waitForURL((url) => url.pathname === '/my', { timeout: 20_000 }), page.click('button')]);
		expect((await page.goto(`${server.url}/m`))?.status()).toBe(403);
		expect((await page.goto(`${server.url}/screen`))?.status()).toBe(403);
		await context.close();
	});
});
