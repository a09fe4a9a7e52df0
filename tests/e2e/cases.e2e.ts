import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openReady, signIn } from '../support/auth.ts';
import { useStack } from '../support/stack.ts';

const SHOTS = process.env.CASES_SHOTS ?? null; // a folder to keep screenshots in, when looking at the pages

describe('领导包案 through the pages: a supervisor opens a case from a repeat, records the outcome, and a reception day reaches the wall', () => {
	const { db, server, browser } = useStack({ items: 3000, seed: 'cases', browser: true });
	const shot = async (page: Page, name: string) => {
		if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
	};

	it('opens a case from an item of the repeat chain and records its outcome, refusing one without how it was resolved', async () => {
		const [item] = await db.sql<{ id: string; serial: string; earlier: string; region: string }[]>`
			select i.id::text, i.serial, e.serial as earlier, i.region from petition_item i join petition_item e on e.id = i.repeat_of join region r on r.adcode = i.region
			 where '370100' = any(r.path) and not exists (select 1 from lead_case_item ci where ci.item_id in (i.id, e.id))
			 order by i.id desc limit 1`;
		expect(item, 'the demo data has a repeat in 济南 outside any case').toBeDefined();
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'jinan.ducha', '/work');
		// the leader who will 包案 is added to the 领导名录 first (post and level)
		await openReady(page, `${server.url}/cases/leaders`);
		await page.fill('input[name=name]', '欧阳包案');
		await page.fill('input[name=title]', '区委副书记');
		await page.selectOption('select[name=level]', 'county');
		await page.selectOption('select[name=region]', item.region);
		await page.click('form[action="?/add"] button');
		await page.waitForSelector('[role=alert]:has-text("已增补：区委副书记 欧阳包案")');
		const [added] = await db.sql<{ id: number }[]>`select id from leader where name = '欧阳包案' and level = 'county' and region = ${item.region}`;
		expect(added).toBeDefined();
		await openReady(page, `${server.url}/items/${item.id}`);
		await expect(page.locator('[data-testid=signals]').textContent()).resolves.toContain('未列入领导包案');
		await Promise.all([page.waitForURL(/\/cases\/new\?item=/), page.click('[data-testid=signals] a[href^="/cases/new"]')]);
		await page.waitForSelector('html[data-ready=yes]');
		// the whole chain of the same matter is taken in
		const covered = await page.inputValue('textarea[name=items]');
		expect(covered.split('\n')).toEqual(expect.arrayContaining([item.serial, item.earlier]));
		const leader = String(added.id);
		await page.selectOption('select[name=leader]', leader);
		const unit = await page.locator('select[name=leadUnit] option').nth(1).getAttribute('value');
		await page.selectOption('select[name=leadUnit]', unit!);
		await page.locator(`input[type=checkbox]:not([name="co.${unit}"])`).first().check();
		await page.fill('textarea[name=plan]', '包案领导约见信访人，牵头单位三十日内拿出化解意见');
		await shot(page, 'cases-new-1920x1080');
		await Promise.all([page.waitForURL(/\/cases\/\d+$/), page.click('form[action="?/create"] button')]);
		const caseId = Number(new URL(page.url()).pathname.split('/').pop());
		const [row] = await db.sql`select status, leader_id, lead_unit_id, (select count(*)::int from lead_case_item where case_id = ${caseId}) as items from lead_case where id = ${caseId}`;
		expect(row).toMatchObject({ status: 'resolving', leader_id: Number(leader), lead_unit_id: Number(unit) });
		expect(row.items).toBeGreaterThanOrEqual(2);
		await page.waitForSelector('html[data-ready=yes]');
		await expect(page.locator('[data-testid=case-status]').textContent()).resolves.toBe('化解中');

		// a conclusion without saying how is refused, in Chinese, changing nothing
		await page.selectOption('select[name=status]', 'resolved');
		await page.click('form[action="?/status"] button');
		await page.waitForSelector('[role=alert]:has-text("须写明化解情况")');
		expect((await db.sql`select status from lead_case where id = ${caseId}`)[0].status).toBe('resolving');
		await page.fill('form[action="?/status"] textarea[name=note]', '企业已足额支付，信访人签字确认息诉');
		await page.click('form[action="?/status"] button');
		await page.waitForSelector('[role=alert]:has-text("已记录为「已化解」")');
		await page.waitForSelector('[data-testid=case-outcome]');
		expect((await db.sql`select status, outcome_note from lead_case where id = ${caseId}`)[0]).toEqual({ status: 'resolved', outcome_note: '企业已足额支付，信访人签字确认息诉' });
		await shot(page, 'case-page-1920x1080');
		await page.setViewportSize({ width: 390, height: 844 });
		await shot(page, 'case-page-390x844');
		await page.close();
	});

	it('flags a case past its deadline on its page and in /cases', async () => {
		// time passes: an open case assigned 40 days ago was due 10 days ago (the feed carries the change).
		// The demo is generated relative to the hour it runs, so a small one may hold no open case at
		// that hour: then its first case is the one still being resolved.
		const [late] = await db.sql<{ id: number }[]>`
			update lead_case set status = 'resolving', resolved_at = null, assigned_at = now() - interval '40 days', deadline = (now() at time zone 'Asia/Shanghai')::date - 10
			 where id = (select id from lead_case order by status <> 'resolving', id limit 1) returning id`;
		expect(late, 'the demo data has an open case').toBeDefined();
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'ducha', '/cases');
		const overdue = Number(await page.textContent('[data-total=overdue]'));
		expect(overdue).toBeGreaterThan(0);
		// every overdue open case of the list is flagged (the list shows up to 300)
		if (Number(await page.textContent('[data-total=all]')) <= 300) expect(await page.locator('tbody [data-testid=case-overdue]').count()).toBe(overdue);
		else expect(await page.locator('tbody [data-testid=case-overdue]').count()).toBeGreaterThan(0);
		// the late case's row says how late it is, in red, where its state is read — not plain 化解中
		const row = page.locator(`tbody tr:has(a[href="/cases/${late.id}"])`);
		await expect(row.locator('[data-status=overdue]').textContent()).resolves.toContain('逾期 10 天');
		expect(await row.locator('[data-status]').textContent()).not.toContain('化解中');
		expect(await row.locator('[data-testid=case-overdue]').evaluate((e) => getComputedStyle(e).color)).toBe('rgb(255, 95, 86)');
		await page.goto(`${server.url}/cases/${late.id}`);
		await expect(page.locator('[data-testid=case-status]').textContent()).resolves.toBe('逾期 10 天');
		await expect(page.locator('[data-testid=case-overdue]').textContent()).resolves.toContain('已超过限期 10 天');
		await page.close();
	});

	it('records a reception day; the wall’s 包案 panel shows this month’s receptions and people within seconds', async () => {
		const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(wall, server.url, 'jinan.lingdao', '/screen');
		await wall.waitForSelector('.feed[data-status=live]', { timeout: 20_000 });
		await wall.waitForSelector('[data-testid=receptions-count]');
		const before = { count: Number(await wall.textContent('[data-testid=receptions-count]')), persons: Number(await wall.textContent('[data-testid=receptions-persons]')) };

		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'jinan.ducha', '/cases/receptions');
		await page.waitForSelector('html[data-ready=yes]');
		const leader = await page.locator('select[name=leader] option').nth(1).getAttribute('value');
		await page.selectOption('select[name=leader]', leader!);
		await page.selectOption('select[name=kind]', 'visit');
		await page.fill('input[name=place]', '历下区某社区');
		await page.fill('input[name=persons]', '17');
		await page.fill('textarea[name=note]', '下访听取群众诉求，现场交办');
		await page.click('form[action="?/record"] button');
		await page.waitForSelector('[role=alert]:has-text("接访已登记")');
		const [r] = await db.sql`select kind, persons, place from reception order by id desc limit 1`;
		expect(r).toEqual({ kind: 'visit', persons: 17, place: '历下区某社区' });
		await shot(page, 'receptions-1920x1080');
		await page.setViewportSize({ width: 390, height: 844 });
		await shot(page, 'receptions-390x844');

		await wall.waitForFunction(
			(n) => Number(document.querySelector('[data-testid=receptions-count]')?.textContent) === n,
			before.count + 1,
			{ timeout: 10_000 }
		);
		expect(Number(await wall.textContent('[data-testid=receptions-persons]'))).toBe(before.persons + 17);
		await expect(wall.locator('[data-testid=cases-receptions]').textContent()).resolves.toContain('下访');
		await wall.waitForTimeout(800);
		await shot(wall, 'wall-1920x1080');
		await wall.close();
		await page.close();
	});
});
