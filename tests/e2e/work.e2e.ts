import { describe, expect, it } from 'vitest';
import { isStatutoryHoliday } from '../../src/lib/domain/calendar.ts';
import { addDays, daysBetween, localDate, startOfLocalDay } from '../../src/lib/domain/deadlines.ts';
import { loadClockConfig } from '../../src/lib/server/clocks/config.ts';
import { DEMO_PASSWORD, openReady, signIn } from '../support/auth.ts';
import { request, signInByFetch } from '../support/http.ts';
import { SHOTS, useStack } from '../support/stack.ts';

/** The first day of the month `back` months before this one (local dates). */
const monthStart = (back: number) => {
	const [year, month] = localDate(new Date()).split('-').map(Number);
	return new Date(Date.UTC(year, month - 1 - back, 1)).toISOString().slice(0, 10);
};
/**
 * The whole months the demo covers: it is generated over the six months up to now, so a period of
 * fixed dates would fall out of it as the calendar moves on. From the first of the month six months
 * back to the end of last month.
 */
const PERIOD = { from: monthStart(6), to: addDays(monthStart(0), -1) };

describe('督查督办 workspace: flagged queues with lights and reasons', () => {
	const { db, server, browser } = useStack({ items: 4000, seed: 'work', browser: true });

	const inScope = (scope: string, light: string) =>
		db.sql<{ n: number }[]>`
			select count(*)::int as n from petition_item i join region r on r.adcode = i.region
			 where ${scope} = any(r.path) and i.light = ${light}`.then((r) => r[0].n);

	it('lists every overdue item of the province with its light, days overdue and the regulation', async () => {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'ducha', '/work');
		const red = await inScope('370000', 'red');
		expect(red).toBeGreaterThan(0);
		expect(Number(await page.getAttribute('[data-queue=red] .count', 'data-count'))).toBe(red);
		expect(Number(await page.getAttribute('[data-queue=yellow] .count', 'data-count'))).toBe(await inScope('370000', 'yellow'));
		const rows = page.locator('tbody tr[data-light]');
		expect(await rows.count()).toBe(Math.min(red, 50));
		for (const text of await rows.locator('.reason').allTextContents()) {
			expect(text).toMatch(/^逾期 \d+ 天：/);
			expect(text).toContain('《信访条例》（2005）');
		}
		expect(await rows.first().locator('.light').textContent()).toContain('▲ 逾期');
		await page.screenshot({ path: `${SHOTS}work-red-1920x1080.png` });

		// repeats are explained by the factors that match
		await page.click('[data-queue=repeat]');
		await page.waitForURL(/queue=repeat/);
		const reasons = await page.locator('tbody .reason').allTextContents();
		expect(reasons.length).toBeGreaterThan(0);
		expect(reasons.every((r) => r.startsWith('重复 '))).toBe(true);
		await page.screenshot({ path: `${SHOTS}work-repeat-1920x1080.png` });
		await page.close();
	});

	it('filters, pages and exports the same list (CSV with BOM, Excel)', async () => {
		const { cookie } = await signInByFetch(server.url, 'ducha');
		const csv = await request(server.url, '/work/export?queue=red&format=csv', { cookie });
		expect(csv.status).toBe(200);
		// (fetch's text() drops a BOM: look at the bytes)
		const raw = new Uint8Array(await (await fetch(`${server.url}/work/export?queue=red&format=csv`, { headers: { cookie: cookie! } })).arrayBuffer());
		expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = csv.body.trim().split('\r\n');
		expect(lines[0]).toContain('编号');
		expect(lines.length - 1).toBe(await inScope('370000', 'red'));
		const xlsx = await fetch(`${server.url}/work/export?queue=yellow&format=xlsx`, { headers: { cookie: cookie! } });
		expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
		expect((await xlsx.arrayBuffer()).byteLength).toBeGreaterThan(1000);

		const [{ category }] = await db.sql<{ category: string }[]>`select category from petition_item where light = 'red' group by category order by count(*) desc limit 1`;
		const filtered = await request(server.url, `/work/export?queue=red&category=${category}&format=csv`, { cookie });
		const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from petition_item where light = 'red' and category = ${category}`;
		expect(filtered.body.trim().split('\r\n').length - 1).toBe(n);
	});

	it("shows a unit only its own items, and refuses bad parameters in Chinese", async () => {
		const { cookie } = await signInByFetch(server.url, 'lixia.xinfang');
		const [{ unitId }] = await db.sql<{ unitId: number }[]>`select unit_id as "unitId" from app_user where username = 'lixia.xinfang'`;
		const csv = await request(server.url, '/work/export?queue=red&format=csv', { cookie });
		const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from petition_item where light = 'red' and unit_id = ${unitId}`;
		expect(csv.body.trim().split('\r\n').length - 1).toBe(n);

		const { cookie: ducha } = await signInByFetch(server.url, 'jinan.ducha');
		for (const [query, message] of [
			['queue=nothing', '队列参数无效'],
			['queue=red&page=0', '页码'],
			['region=370200', '不在您的权限范围内'], // 青岛 is outside 济南
			['queue=red&queue=yellow', '重复'],
			['sort=x', '不认识的参数']
		]) {
			const reply = await request(server.url, `/work/export?${query}&format=csv`, { cookie: ducha });
			expect(reply.status, query).toBeGreaterThanOrEqual(400);
			expect(reply.body, query).toContain(message);
		}
	});

	it("shows an item's clocks with the rule that fired, and the 信访部门's extension (办理 panel, one step) moves the due date", async () => {
		// ten more days move the due date by ten only where no statutory holiday moves either end (a last day on
		// a holiday runs to the day after the holiday): the demo's oldest green item lands on one some weeks
		// of the year (its due date the day after a holiday, or ten days on in one), so the pick avoids both
		const { calendar } = await loadClockConfig(db.sql);
		const candidates = await db.sql<{ id: string; due: string }[]>`
			select id::text, clock_due::text as due from petition_item
			 where clock = 'conclude' and light = 'green' and extended_days = 0 and status in ('accepted', 'handling') and region like '37%' order by id limit 200`;
		const item = candidates.find((c) => !isStatutoryHoliday(addDays(c.due, -1), calendar) && !isStatutoryHoliday(addDays(c.due, 10), calendar))!;
		expect(item, 'a green 办结 clock whose due date and ten days on are clear of statutory holidays').toBeDefined();
		const [{ name }] = await db.sql<{ name: string }[]>`select display_name as name from app_user where username = 'ducha'`;
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'ducha', `/items/${item.id}`);
		expect(await page.textContent('.clocks .now')).toContain(item.due);
		expect(await page.textContent('.clocks')).toContain('《信访条例》（2005）第33条');
		// the clock panel only shows; the step is the lifecycle's
		expect(await page.locator('.clocks form').count()).toBe(0);
		expect(await page.textContent('[data-clock-pointer]')).toContain('尚可延期 30 天');
		const form = page.locator('form[data-action=extend-request]');
		expect(await form.locator('button').textContent()).toContain('批准延期');
		await form.locator('input[name=days]').fill('31');
		await form.locator('input[name=reason]').fill('案情复杂，需补充调查');
		await form.locator('button').click();
		await page.waitForSelector('.lifecycle .error');
		expect(await page.textContent('.lifecycle .error')).toContain('1–30');
		expect((await db.sql`select count(*)::int as n from clock_extension where item_id = ${item.id}`)[0].n).toBe(0);
		await form.locator('input[name=days]').fill('10');
		await form.locator('input[name=reason]').fill('案情复杂，需补充调查');
		await form.locator('button').click();
		await expect.poll(async () => (await db.sql`select count(*)::int as n from clock_extension where item_id = ${item.id}`)[0].n).toBe(1);
		// asked and approved at once: the request is closed, approved, and no request is left pending
		const requests = await db.sql`select days, approved, decided_by from extension_request where item_id = ${item.id}`;
		expect(requests).toEqual([{ days: 10, approved: true, decided_by: name }]);
		// the sweeper relights it: ten more days
		const [{ expected }] = await db.sql<{ expected: string }[]>`select (${item.due}::date + 10)::text as expected`;
		await expect.poll(async () => (await db.sql`select clock_due::text as due from petition_item where id = ${item.id}`)[0].due, { timeout: 10_000 }).toBe(expected);
		await page.reload();
		expect(await page.textContent('.clocks')).toContain(`延期 10 天：${name} 批准`);
		expect(await page.textContent('.clocks .now')).toContain(expected);
		expect(await page.textContent('[data-clock-pointer]')).toContain('尚可延期 20 天');
		// one code path: a petition_event and an audit entry of the transition, none of the old direct write
		const events = await db.sql`select note from petition_event where item_id = ${item.id} and note like '%延期%'`;
		expect(events.map((e) => e.note)).toEqual(['信访部门批准延期 10 日：案情复杂，需补充调查']);
		const audited = await db.sql<{ action: string; step: string }[]>`
			select action, detail->>'action' as step from audit_log where target = ${item.id} and (action like 'clock.%' or detail->>'action' like 'extend%')`;
		expect(audited).toEqual([{ action: 'item.transition', step: 'extend-request' }]);
		await page.screenshot({ path: `${SHOTS}item-clocks-1920x1080.png`, fullPage: true });
		await page.close();
	});

	it('shows the rates of a city for a period, split 党委/行政, with numerators, denominators and the league table', async () => {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'jinan.ducha', '/rates');
		await page.goto(`${server.url}/rates?from=${PERIOD.from}&to=${PERIOD.to}`);
		const cells = await page.$$eval('td[data-kind]', (tds) => tds.map((td) => ({ kind: td.getAttribute('data-kind'), rate: td.parentElement!.getAttribute('data-rate'), text: td.textContent })));
		expect(cells).toHaveLength(21); // 7 rates × all/party/government
		const figures: Record<string, string> = {};
		for (const cell of cells) {
			const [, pct, num, den] = /(—|[\d.]+%)\s*(\d+) \/ (\d+)/.exec(cell.text!.replace(/\s+/g, ' '))!;
			if (Number(den) > 0) expect(Math.abs(Number(pct.replace('%', '')) - (Number(num) / Number(den)) * 100)).toBeLessThanOrEqual(0.05 + 1e-9); // one decimal, half up (18.75 → 18.8)
			else expect(pct).toBe('—');
			if (cell.kind === 'all') figures[cell.rate!] = `${pct} (${num}/${den})`;
		}
		console.log(`济南市 rates ${PERIOD.from}..${PERIOD.to}:`, figures);
		// the open-overdue rule: overdue open items count against 按期办结率
		expect(Number(/\/(\d+)\)/.exec(figures.onTimeConclusion)![1])).toBeGreaterThan(0);
		expect(await page.textContent('main')).toContain('参与排名须达');
		await page.screenshot({ path: `${SHOTS}rates-1920x1080.png`, fullPage: true });
		expect((await request(server.url, '/rates?from=2026-10-31&to=2026-06-01', { cookie: (await signInByFetch(server.url, 'jinan.ducha')).cookie })).body).toContain('开始日期不能晚于结束日期');
		await page.close();
	});

	it('counts the 智能校对 warnings per responsible unit, in scope, equal to the stored warnings', async () => {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'jinan.ducha', '/work/quality');
		await page.goto(`${server.url}/work/quality?from=${PERIOD.from}&to=${PERIOD.to}`);
		const [from, until] = [startOfLocalDay(PERIOD.from), startOfLocalDay(addDays(PERIOD.to, 1))];
		const [expected] = await db.sql<{ items: number; flagged: number; phone: number }[]>`
			select count(*)::int as items,
			       count(*) filter (where exists (select 1 from item_quality_warning w where w.item_id = i.id))::int as flagged,
			       (select count(*)::int from item_quality_warning w join petition_item j on j.id = w.item_id join region q on q.adcode = j.region
			         where '370100' = any(q.path) and w.code = 'phone_missing'
			           and j.received_at >= ${from} and j.received_at < ${until}) as phone
			  from petition_item i join region r on r.adcode = i.region
			 where '370100' = any(r.path) and i.received_at >= ${from} and i.received_at < ${until}`;
		expect(expected.flagged).toBeGreaterThan(0);
		const summary = (await page.textContent('[data-testid=quality-summary]'))!.replace(/\s+/g, ' ');
		expect(summary).toContain(`收件 ${expected.items} 件，其中 ${expected.flagged} 件有校对提示`);
		expect((await page.textContent('li[data-code=phone_missing] strong'))?.trim()).toBe(String(expected.phone));
		const rows = await page.$$eval('tr[data-unit]', (trs) => trs.map((tr) => Number(tr.children[3].textContent)));
		expect(rows.reduce((a, b) => a + b, 0)).toBe(expected.flagged);
		await page.screenshot({ path: `${SHOTS}quality-1920x1080.png`, fullPage: true });
		// a county's unit sees only its own; other regions and bad parameters are refused in Chinese
		const unit = await signInByFetch(server.url, 'lixia.xinfang');
		const own = await request(server.url, `/work/quality?from=${PERIOD.from}&to=${PERIOD.to}`, { cookie: unit.cookie });
		expect(own.status).toBe(200);
		expect(own.body).not.toContain('济南市公安局');
		expect((await request(server.url, '/work/quality?region=370200', { cookie: unit.cookie })).status).toBe(404);
		const bad = await request(server.url, '/work/quality?from=2026-02-30', { cookie: unit.cookie });
		expect(bad.status).toBe(400);
		expect(bad.body).toContain('开始日期不是有效日期');
		expect((await request(server.url, '/work/quality?foo=1', { cookie: unit.cookie })).body).toContain('不认识的参数');
		await page.close();
	});

	it('领导包案: totals and scorecard, a progress note and a status change, both audited', async () => {
		// the generator draws each case's outcome from its age on the day the suite runs: on some days
		// none is still being resolved, so make sure one is (the note and status change need it)
		await db.sql`
			update lead_case set status = 'resolving', resolved_at = null
			 where id = (select min(id) from lead_case) and not exists (select 1 from lead_case where status = 'resolving')`;
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'ducha', '/cases');
		const [{ all, overdue }] = await db.sql<{ all: number; overdue: number }[]>`
			select count(*)::int as all, count(*) filter (where status = 'resolving' and deadline < (now() at time zone 'Asia/Shanghai')::date)::int as overdue
			  from lead_case c join region r on r.adcode = c.region where '370000' = any(r.path)`;
		expect(Number(await page.textContent('[data-total=all]'))).toBe(all);
		expect(Number(await page.textContent('[data-total=overdue]'))).toBe(overdue);
		const [c] = await db.sql<{ id: number }[]>`select id from lead_case where status = 'resolving' order by id limit 1`;
		await openReady(page, `${server.url}/cases/${c.id}`);
		await page.fill('textarea[name=text]', '已约谈信访人，达成初步化解意向');
		await page.click('button:has-text("记录进展")');
		await page.waitForSelector('.ok');
		expect(await page.textContent('main')).toContain('已约谈信访人，达成初步化解意向');
		// an outcome says how the case was resolved (domain/cases.ts checkOutcome)
		await page.selectOption('select[name=status]', 'resolved');
		await page.fill('form[action="?/status"] textarea[name=note]', '信访人诉求已依法解决，签字确认');
		await page.click('form[action="?/status"] button');
		await expect.poll(async () => (await db.sql`select status from lead_case where id = ${c.id}`)[0].status).toBe('resolved');
		const actions = await db.sql<{ action: string }[]>`select action from audit_log where target = ${String(c.id)} and action like 'case.%' order by id`;
		expect(actions.map((a) => a.action)).toEqual(['case.note', 'case.status']);
		await page.screenshot({ path: `${SHOTS}case-1920x1080.png`, fullPage: true });
		await page.close();
	});

	it('an administrator saves a new rules version and every light follows it; bad values change nothing', async () => {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'admin', '/admin/rules');
		expect(await page.textContent('h1')).toContain('第 1 版');
		expect(await page.textContent('main')).toContain('《信访条例》（2005）第33条');
		await page.fill('input[name=yellowDays]', '400');
		await page.fill('input[name=note]', '越界测试');
		await page.click('button:has-text("保存为新版本")');
		await page.waitForSelector('.error');
		expect(await page.textContent('.error')).toContain('临期提醒天数不能超过 60');
		expect((await db.sql`select count(*)::int as n from rule_set`)[0].n).toBe(1);

		// 10 days (from 5) turns yellow the green clocks due 6–10 days from today; none can be due in a
		// statutory holiday (a last day there runs on past it), so when those days fall in a holiday
		// block the rule reaches to the first green due date instead (at most 14, under the shortest limit)
		const yellowBefore = await inScope('370000', 'yellow');
		const [{ due }] = await db.sql<{ due: string | null }[]>`select min(clock_due)::text as due from petition_item where light = 'green'`;
		const days = Math.max(10, due === null ? Infinity : daysBetween(localDate(new Date()), due));
		expect(days, `the first green due date (${due}) lies within 14 days`).toBeLessThanOrEqual(14);
		await page.fill('input[name=yellowDays]', String(days));
		await page.fill('input[name=note]', `临期提醒提前到 ${days} 天`);
		await page.click('button:has-text("保存为新版本")');
		await page.waitForSelector('.ok');
		expect(await page.textContent('.ok')).toContain('第 2 版');
		const [{ rules }] = await db.sql<{ rules: { yellowDays: number } }[]>`select rules from rule_set where version = 2`;
		expect(rules.yellowDays).toBe(days);
		// the sweeper notices the new version and relights: more items are now 临期
		await expect.poll(() => inScope('370000', 'yellow'), { timeout: 30_000, interval: 500 }).toBeGreaterThan(yellowBefore);
		await page.screenshot({ path: `${SHOTS}admin-rules-1920x1080.png`, fullPage: true });
		await page.close();
	});
	it('each person finds their way by links alone: sign-in lands on their work, the office bar reaches the rest (#17)', async () => {
		for (const [username, home, targets] of [
			['ducha', '/work', [['三函台账', '/letters'], ['联席会议', '/meetings'], ['会议决定督办', '/follow-ups'], ['登记', '/intake/new'], ['我的事项', '/my']]],
			['lixia.xinfang', '/my', [['函件收件箱', '/letters/inbox'], ['信访事项', '/items'], ['登记', '/intake/new']]]
		] as const) {
			const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
			// no next: where the product sends the account after sign-in
			await page.goto(`${server.url}/login`);
			await page.fill('input[name=username]', username);
			await page.fill('input[name=password]', DEMO_PASSWORD);
			await Promise.all([page.waitForURL((url) => url.pathname === home, { timeout: 15_000 }), page.click('button')]);
			await page.waitForSelector('html[data-ready=yes]');
			expect(await page.getAttribute(`nav.office-nav a[href="${home}"]`, 'aria-current')).toBe('page');
			for (const [label, path] of targets) {
				await Promise.all([page.waitForURL((url) => url.pathname === path, { timeout: 15_000 }), page.click(`nav.office-nav a:text-is("${label}")`)]);
				expect(await page.getAttribute(`nav.office-nav a[href="${path}"]`, 'aria-current')).toBe('page');
			}
			// a unit is never offered the supervision queues or the register of 三函, which would refuse it
			if (username === 'lixia.xinfang') expect(await page.locator('nav.office-nav a[href="/work"], nav.office-nav a[href="/letters"]').count()).toBe(0);
			if (username === 'ducha') {
				await page.setViewportSize({ width: 390, height: 844 });
				await openReady(page, `${server.url}/work`);
				// the bar fits a phone: its links scroll inside it instead of widening the page
				expect(await page.evaluate(() => document.querySelector('nav.office-nav')!.scrollWidth)).toBeLessThanOrEqual(390);
				await page.screenshot({ path: `${SHOTS}office-nav-390x844.png` });
				await page.setViewportSize({ width: 1920, height: 1080 });
				await openReady(page, `${server.url}/work`);
				await page.screenshot({ path: `${SHOTS}office-nav-1920x1080.png` });
			}
			await page.close();
		}
	});
});
