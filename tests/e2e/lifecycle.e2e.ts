import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openReady, signIn } from '../support/auth.ts';
import { waitFor } from '../support/fixtures.ts';
import { request, signInByFetch } from '../support/http.ts';
import { SHOTS, useStack } from '../support/stack.ts';
import { apiSnapshot } from '../support/wall.ts';

/** A form action posted as use:enhance posts it: the action's own answer, as JSON. */
async function enhanced(base: string, path: string, cookie: string, form: Record<string, string>) {
	const res = await fetch(new URL(path, base), {
		method: 'POST',
		headers: { origin: base, cookie, accept: 'application/json', 'x-sveltekit-action': 'true' },
		body: new URLSearchParams(form)
	});
	return (await res.json()) as { type: string; status: number; data: string };
}

const DAY = 86400_000;

/**
 * With the simulator off, an item is carried from registration to evaluation through the pages,
 * each step by the account whose work it is, and the wall follows; refusals answer in Chinese
 * with the rule and change nothing.
 */
describe('an item’s life through the pages (SIM_RATE=0)', () => {
	const { db, server, browser, start } = useStack({ items: 400, seed: 'lifecycle', start: false, browser: true });
	let itemId: string;
	let unitId: number;

	const item = () =>
		db.sql`select status, unit_id as "unitId", extended_days as "extendedDays", outcome, satisfaction, evaluated_via as via, light
		         from petition_item where id = ${itemId}`.then((r) => r[0]);
	// the sweeper may light the item meanwhile: its light, clock and the changed_at they move are not the action's
	const snapshotOf = () => db.sql`select to_jsonb(i) - 'light_at' - 'light' - 'clock' - 'clock_due' - 'changed_at' as row, (select count(*) from petition_event where item_id = i.id)::int as events from petition_item i where id = ${itemId}`.then((r) => r[0]);
	const red = async (page: Page) => (await apiSnapshot(page, '370102')).body.lights.red;
	/** A rate on /rates for 历下区 this month, as [numerator, denominator]. */
	const rate = async (page: Page, name: string) => {
		await openReady(page, `${server.url}/rates?region=370102`);
		const text = (await page.textContent(`tr[data-rate=${name}] td[data-kind=all] small`))!;
		return text.split(' / ').map(Number);
	};

	beforeAll(async () => {
		// a second account of the 历下区信访局, to be marked its head by the admin below
		await db.sql`
			insert into app_user (username, display_name, password_hash, role, scope_region, unit_id)
			select 'lixia.fuzeren', '历下区信访局负责人', password_hash, 'unit', scope_region, unit_id from app_user where username = 'lixia.xinfang'`;
		[{ unitId }] = await db.sql<{ unitId: number }[]>`select unit_id as "unitId" from app_user where username = 'lixia.xinfang'`;
		// registered 20 days ago and never routed: its 15-day routing clock is red on the wall
		const received = new Date(Date.now() - 20 * DAY);
		[{ id: itemId }] = await db.sql<{ id: string }[]>`
			insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due)
			values ('370102-20990101-900001', 'visit', ${received}, '370102', 'labour', 'appeal', '反映工地拖欠工资', ${new Date(received.getTime() + 15 * DAY).toISOString().slice(0, 10)})
			returning id::text`;
		await start({ SIM_RATE: '0' });
		const admin = await signInByFetch(server.url, 'admin');
		const [{ id: headId }] = await db.sql<{ id: number }[]>`select id from app_user where username = 'lixia.fuzeren'`;
		const marked = await request(server.url, '/admin/users?/unitHead', { cookie: admin.cookie, form: { userId: String(headId), head: 'yes' } });
		expect(marked.status).toBe(200);
		expect((await db.sql`select unit_head from app_user where id = ${headId}`)[0].unit_head).toBe(true);
		await waitFor(async () => (await item()).light === 'red', 'the sweeper lights the unrouted item red');
	}, 240_000);

	it('the 信访部门 routes it from 我的事项, and the wall’s red count drops', async () => {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'jinan.ducha', '/my');
		const before = await red(page);
		await page.check(`input[name=item_${itemId}]`);
		await page.selectOption('select[name=unitId]', String(unitId));
		await page.screenshot({ path: `${SHOTS}lifecycle-my-office-1920x1080.png` });
		await page.click('text=批量转送交办');
		await page.waitForSelector('p.done');
		expect(await page.textContent('p.done')).toBe('已转送交办 1 件');
		expect(await item()).toMatchObject({ status: 'routed', unitId });
		await waitFor(async () => (await red(page)) === before - 1, 'the wall’s red count follows within seconds', 5_000);

		// one item from its own page: the unit named at registration is preselected
		const [other] = await db.sql<{ id: string; unitId: number }[]>`
			insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due, unit_id)
			select '370102-20990101-900003', 'online', now() - interval '1 day', '370102', 'environment', 'complaint', '反映工地夜间施工噪声', current_date + 14, u.id
			  from unit u where u.region = '370102' and u.id <> ${unitId} order by u.id limit 1
			returning id::text, unit_id as "unitId"`;
		await openReady(page, `${server.url}/items/${other.id}`);
		expect(await page.inputValue('form[data-action=route] select[name=unitId]')).toBe(String(other.unitId));
		// the picker: the units of 历下区 first, then 济南市's (the account's scope holds no higher place), all of them, none of another place
		const groups = await page.$$eval('form[data-action=route] optgroup', (gs) => gs.map((g) => g.getAttribute('label')));
		expect(groups).toEqual(['历下区（本事项属地）', '济南市']);
		const offeredIds = (await page.$$eval('form[data-action=route] option', (os) => os.map((o) => o.getAttribute('value')))).filter(Boolean).map(Number);
		const serving = await db.sql<{ id: number }[]>`select id from unit where region in ('370102', '370100')`;
		expect(offeredIds.sort((a, b) => a - b)).toEqual(serving.map((u) => u.id).sort((a, b) => a - b));
		await page.screenshot({ path: `${SHOTS}lifecycle-item-office-1920x1080.png`, fullPage: true });
		await page.click('form[data-action=route] button');
		await page.waitForSelector('p.done');
		expect((await db.sql`select status, unit_id from petition_item where id = ${other.id}`)[0]).toEqual({ status: 'routed', unit_id: other.unitId });

		// 改派 to a unit of a sibling county (市中区, in the account's scope but not of the item's place): refused, nothing written
		const [foreign] = await db.sql<{ id: number }[]>`select id from unit where region = '370103' order by id limit 1`;
		const { cookie } = await signInByFetch(server.url, 'jinan.ducha');
		const unchanged = () => db.sql`select to_jsonb(i) - 'light_at' - 'light' - 'clock' - 'clock_due' - 'changed_at' as row, (select count(*) from petition_event where item_id = i.id)::int as events from petition_item i where id = ${other.id}`;
		const kept = await unchanged();
		const refused = await request(server.url, `/items/${other.id}?/reassign`, { cookie, form: { unitId: String(foreign.id), reason: '职责调整' } });
		expect(refused.status).toBe(400);
		expect(refused.body).toContain('【属地管理】');
		expect(await unchanged()).toEqual(kept);
		await page.close();
	});

	it('the unit accepts, starts, asks for an extension; its clerk cannot approve it; its head does', async () => {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'lixia.xinfang', '/my');
		expect(await page.textContent('[aria-label=待受理]')).toContain('370102-20990101-900001');
		await page.screenshot({ path: `${SHOTS}lifecycle-my-unit-1920x1080.png` });
		await openReady(page, `${server.url}/items/${itemId}`);
		await page.click('form[data-action=accept] button');
		await page.waitForSelector('form[data-action=start]');
		await page.click('form[data-action=start] button');
		await page.waitForSelector('form[data-action=extend-request]');
		await page.fill('form[data-action=extend-request] input[name=days]', '10');
		await page.fill('form[data-action=extend-request] input[name=reason]', '涉及多个部门，需联合调查');
		await page.click('form[data-action=extend-request] button');
		await page.waitForSelector('text=待批准的延期申请：10 日');
		expect(await page.locator('form[data-action=extend-approve]').count()).toBe(0);
		await page.screenshot({ path: `${SHOTS}lifecycle-item-unit-1920x1080.png`, fullPage: true });
		await page.setViewportSize({ width: 390, height: 844 });
		await page.screenshot({ path: `${SHOTS}lifecycle-item-unit-390x844.png`, fullPage: true });
		expect(await item()).toMatchObject({ status: 'handling', extendedDays: 0 });

		// the clerk posting the approval anyway: refused by the rule, nothing changes
		const { cookie } = await signInByFetch(server.url, 'lixia.xinfang');
		const before = await snapshotOf();
		const refused = await request(server.url, `/items/${itemId}?/extendApprove`, { cookie, form: {} });
		expect(refused.status).toBe(403);
		expect(refused.body).toContain('【单位负责人批准】');
		expect(await snapshotOf()).toEqual(before);
		await page.close();

		const head = await browser.newPage({ viewport: { width: 390, height: 844 } });
		await signIn(head, server.url, 'lixia.fuzeren', '/my');
		expect(await head.textContent('[aria-label=待批准延期]')).toContain('10 日：涉及多个部门');
		await head.screenshot({ path: `${SHOTS}lifecycle-my-head-390x844.png`, fullPage: true });
		await openReady(head, `${server.url}/items/${itemId}`);
		await head.click('form[data-action=extend-approve] button');
		await head.waitForSelector('p.done');
		expect(await item()).toMatchObject({ extendedDays: 10 });
		await head.close();
	});

	it('closing without a 意见 is refused; with one it is concluded; the petitioner evaluates once by link; /rates follows', async () => {
		const { cookie } = await signInByFetch(server.url, 'lixia.xinfang');
		const before = await snapshotOf();
		const refused = await request(server.url, `/items/${itemId}?/conclude`, { cookie, form: { outcome: 'partial', text: '' } });
		expect(refused.status).toBe(400);
		expect(refused.body).toContain('【办结须出具处理意见】');
		expect(await snapshotOf()).toEqual(before);

		const office = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(office, server.url, 'jinan.ducha', '/rates');
		const [evaluated, concluded] = await rate(office, 'participation');
		const [content, judged] = await rate(office, 'satisfaction');

		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'lixia.xinfang', `/items/${itemId}`);
		await page.selectOption('form[data-action=conclude] select[name=outcome]', 'partial');
		await page.fill('form[data-action=conclude] textarea[name=text]', '经调查，拖欠工资属实，已督促支付；其余诉求不予支持。');
		await page.click('form[data-action=conclude] button');
		await page.waitForSelector('text=生成信访人评价链接');
		expect(await item()).toMatchObject({ status: 'concluded', outcome: 'partial' });
		// 参评率 = evaluated ÷ concluded this month: one more concluded, none more evaluated
		expect(await rate(office, 'participation')).toEqual([evaluated, concluded + 1]);
		await page.click('text=生成信访人评价链接');
		const link = (await (await page.waitForSelector('.link code')).textContent())!;
		expect(link).toMatch(/\/e\/[a-z2-7]{32}$/);
		await page.screenshot({ path: `${SHOTS}lifecycle-item-concluded-1920x1080.png`, fullPage: true });
		await page.close();
		// the 信访部门 after 办结: 复查申请 runs, so no 终结 on offer; the 10 days of extension stay counted
		await openReady(office, `${server.url}/items/${itemId}`);
		expect(await office.locator('form[data-action=review-request]').count()).toBe(1);
		expect(await office.locator('form[data-action=close]').count()).toBe(0);
		expect(await office.textContent('[data-clock-pointer]')).toContain('办结期限共延期 10 天');
		expect(await office.textContent('[data-clock-pointer]')).not.toContain('尚可延期');

		const petitioner = await browser.newPage({ viewport: { width: 390, height: 844 } });
		await openReady(petitioner, link);
		const body = (await petitioner.textContent('main'))!;
		expect(body).not.toContain('370102-20990101-900001');
		expect(body).not.toContain('拖欠工资');
		await petitioner.screenshot({ path: `${SHOTS}lifecycle-evaluate-390x844.png` });
		await petitioner.click('button[value=satisfied]');
		await petitioner.waitForSelector('text=感谢您的评价');
		expect(await item()).toMatchObject({ satisfaction: 'satisfied', via: 'link' });
		// and now one more evaluated, and one more 满意 among the evaluated
		expect(await rate(office, 'participation')).toEqual([evaluated + 1, concluded + 1]);
		expect(await rate(office, 'satisfaction')).toEqual([content + 1, judged + 1]);
		await office.close();
		await openReady(petitioner, link);
		expect(await petitioner.textContent('main')).toContain('该评价链接无效、已使用或已过期');
		const again = await request(server.url, `${new URL(link).pathname}?/evaluate`, { form: { satisfaction: 'unsatisfied' } });
		expect(again.status).toBe(410);
		expect(await item()).toMatchObject({ satisfaction: 'satisfied' });
		await petitioner.close();
	});

	it('a unit acting on another unit’s item is refused, and staff evaluating twice too', async () => {
		// an item routed to another 历下区 unit
		const [{ id: other }] = await db.sql<{ id: string }[]>`
			insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due, status, unit_id, routed_at)
			select '370102-20990101-900002', 'letter', now() - interval '2 days', '370102', 'housing', 'appeal', '反映物业问题', current_date + 13, 'routed', u.id, now() - interval '1 day'
			  from unit u where u.region = '370102' and u.id <> ${unitId} order by u.id limit 1
			returning id::text`;
		const { cookie } = await signInByFetch(server.url, 'lixia.xinfang');
		// a page post re-renders a page this account may not see (404, telling nothing) …
		expect((await request(server.url, `/items/${other}?/accept`, { cookie, form: {} })).status).toBe(404);
		// … while the form's own request (use:enhance) hears the rule
		const notOurs = await enhanced(server.url, `/items/${other}?/accept`, cookie!, {});
		expect(notOurs).toMatchObject({ type: 'failure', status: 403 });
		expect(notOurs.data).toContain('【本单位事项】');
		expect((await db.sql`select status from petition_item where id = ${other}`)[0].status).toBe('routed');
		const ducha = await signInByFetch(server.url, 'jinan.ducha');
		const twice = await request(server.url, `/items/${itemId}?/evaluate`, { cookie: ducha.cookie, form: { satisfaction: 'unsatisfied' } });
		expect(twice.status).toBe(409);
		expect(twice.body).toContain('【评价只能一次】');
		const timeline = await db.sql`select to_status from petition_event where item_id = ${itemId} order by at, id`;
		expect(timeline.map((e) => e.to_status)).toEqual(['routed', 'accepted', 'handling', 'handling', 'handling', 'concluded', 'concluded']);
	});
});
