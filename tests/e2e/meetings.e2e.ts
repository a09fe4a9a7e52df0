import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signIn } from '../support/auth.ts';
import { request, signInByFetch } from '../support/http.ts';
import { insertItem, waitFor } from '../support/fixtures.ts';
import { pdfText } from '../support/pdf.ts';
import { SHOTS, useStack } from '../support/stack.ts';

describe('联席会议: prepare, present, decide, brief', () => {
	const { db, server, browser } = useStack({ items: 4000, seed: 'meetings', browser: true });
	let meetingId = 0;

	it('a supervisor prepares a meeting: the situation is frozen and the agenda proposed; bad input is refused naming the field', async () => {
		const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
		await signIn(page, server.url, 'ducha', '/meetings');
		await page.fill('input[name=title]', '2026年12月全省信访工作联席会议');
		await page.fill('input[name=heldAt]', '2026-12-03T09:00');
		await page.fill('input[name=place]', '省委第一会议室');
		await page.fill('textarea[name=attendees]', '省信访局、省人社厅、省住建厅');
		await Promise.all([page.waitForURL(/\/meetings\/\d+$/), page.click('button:has-text("冻结态势并筹备")')]);
		meetingId = Number(/\/meetings\/(\d+)$/.exec(page.url())![1]);
		const [snap] = await db.sql<{ seq: string; red: number }[]>`
			select s.seq::text, (s.wall->'lights'->>'red')::int as red from meeting m join meeting_snapshot s on s.id = m.snapshot_id where m.id = ${meetingId}`;
		expect(await page.getAttribute('.frozen', 'data-seq')).toBe(snap.seq);
		const agenda = page.locator('li[data-agenda]');
		// the overdue items and at least one more (which ones depends on the hour the demo was generated at)
		expect(await agenda.count()).toBeGreaterThanOrEqual(2);
		expect(await agenda.first().getAttribute('data-kind')).toBe('overdue');
		expect(await agenda.first().textContent()).toContain(`逾期未办结事项 ${snap.red} 件`);
		// the region's first meeting: nothing to compare with, so no "since last" figures at all (#17)
		expect(await page.locator('details[data-figure]').count()).toBe(0);
		expect(await page.textContent('main')).not.toContain('上次会议以来');
		expect(await page.textContent('main')).not.toContain('无基准');
		await page.waitForSelector('[data-testid=first-meeting]');
		// the items an agenda entry names are linked by their serials, not database ids
		const [overdueRef] = await db.sql<{ serial: string; id: string }[]>`
			select i.serial, i.id::text from agenda_item a join petition_item i on i.id = ((a.ref->'itemIds'->>0)::bigint)
			 where a.meeting_id = ${meetingId} and a.kind = 'overdue'`;
		expect(await page.textContent(`li[data-kind=overdue] .refs a[href="/items/${overdueRef.id}"]`)).toBe(overdueRef.serial);
		expect(await page.textContent('li[data-kind=overdue] .refs')).not.toMatch(/事项 \d/);

		// annotate and reorder before the meeting
		const second = agenda.nth(1);
		const secondId = await second.getAttribute('data-agenda');
		await second.locator('summary:has-text("编辑")').click();
		await second.locator('textarea[name=note]').fill('请牵头单位现场汇报化解进展');
		await second.locator('button:has-text("保存议程")').click();
		await page.waitForSelector(`li[data-agenda="${secondId}"] .note`);
		await page.locator(`li[data-agenda="${secondId}"] button[aria-label=上移]`).click();
		await expect.poll(async () => page.locator('li[data-agenda]').first().getAttribute('data-agenda'), { timeout: 15_000 }).toBe(secondId); // the move's reload takes seconds on a loaded machine
		// the edit form still shows what was saved
		expect(await page.locator(`li[data-agenda="${secondId}"] input[name=title]`).inputValue()).not.toBe('');
		expect(await page.locator(`li[data-agenda="${secondId}"] textarea[name=note]`).inputValue()).toBe('请牵头单位现场汇报化解进展');

		// a bad decision is refused in Chinese, naming the field, and nothing is written
		const top = page.locator('li[data-agenda]').first();
		await top.locator('summary:has-text("记录会议决定")').click();
		const [{ unitId }] = await db.sql<{ unitId: number }[]>`select unit_id as "unitId" from app_user where username = 'lixia.xinfang'`;
		await top.locator('textarea[name=text]').fill('两周内化解到位，书面报告联席会议办公室');
		await top.locator('select[name=unitId]').selectOption(String(unitId));
		await top.locator('input[name=person]').fill('李明');
		await top.locator('input[name=due]').evaluate((el: HTMLInputElement) => (el.min = ''));
		await top.locator('input[name=due]').fill('2026-11-01');
		await top.locator('button:has-text("记录决定")').click();
		await page.waitForSelector('[role=alert][data-field=due]');
		expect(await page.textContent('[role=alert]')).toContain('办理期限不能早于会议召开日期');
		expect((await db.sql`select count(*)::int as n from meeting_decision`)[0].n).toBe(0);
		await top.locator('input[name=due]').fill('2026-12-17');
		await top.locator('button:has-text("记录决定")').click();
		await page.waitForSelector('li[data-agenda] .decision');
		expect(await page.textContent('li[data-agenda] .decision')).toContain('两周内化解到位');
		const [decision] = await db.sql<{ unit: number; due: string }[]>`select unit_id as unit, due::text from meeting_decision`;
		expect(decision).toEqual({ unit: unitId, due: '2026-12-17' });
		await page.screenshot({ path: `${SHOTS}meeting-1600x1000.png`, fullPage: true });
		await page.close();
	}, 120_000);

	it('a leader presents it full screen from the frozen snapshot, with keys and a slide counter, and may not edit', async () => {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'sheng.lingdao', `/meetings/${meetingId}/present`);
		const counter = page.getByTestId('slide-counter');
		const total = Number((await counter.textContent())!.split('/')[1]);
		const agendaItems = (await db.sql`select count(*)::int as n from agenda_item where meeting_id = ${meetingId}`)[0].n;
		expect(total).toBe(agendaItems + 3); // title, frozen wall, the agenda, decisions: a first meeting has no changes slide
		expect(await counter.textContent()).toBe(`1 / ${total}`);
		const [snap] = await db.sql<{ seq: string }[]>`select s.seq::text from meeting m join meeting_snapshot s on s.id = m.snapshot_id where m.id = ${meetingId}`;
		expect(await page.getAttribute('[data-frozen-seq]', 'data-frozen-seq')).toBe(snap.seq);
		// wording a leader reads: when the figures are from, not the feed's sequence number
		expect(await page.textContent('[data-frozen-seq]')).toContain('数据截至');
		expect(await page.textContent('[data-frozen-seq]')).not.toContain('序号');
		await page.keyboard.press('ArrowRight');
		await page.waitForSelector('[data-kind=overview] [data-frozen=true] .grid');
		await page.screenshot({ path: `${SHOTS}present-overview-1920x1080.png` });
		await page.keyboard.press('PageDown');
		expect(await counter.textContent()).toBe(`3 / ${total}`);
		expect(await page.getAttribute('.slide', 'data-kind')).toBe('agenda');
		expect(await page.textContent('.slide')).toContain('两周内化解到位');
		await page.screenshot({ path: `${SHOTS}present-agenda-1920x1080.png` });
		await page.keyboard.press('PageUp');
		expect(await counter.textContent()).toBe(`2 / ${total}`);
		await page.keyboard.press('End');
		expect(await page.getAttribute('.slide', 'data-kind')).toBe('decisions');
		// the live socket is never opened by a frozen view
		expect(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('socket.io')))).toBe(false);
		// any snapshot on the wall's own panels, in either layout, with the figures it was frozen with
		const [doc] = await db.sql<{ id: number; today: number; red: number; cases: number }[]>`
			select s.id, (s.wall->'periods'->'today'->>'items')::int as today, (s.wall->'lights'->>'red')::int as red, (s.wall->'cases'->>'total')::int as cases
			  from meeting m join meeting_snapshot s on s.id = m.snapshot_id where m.id = ${meetingId}`;
		for (const layout of ['overview', 'supervision']) {
			await page.goto(`${server.url}/meetings/snapshots/${doc.id}?layout=${layout}`);
			await page.waitForSelector('[data-frozen=true] [data-testid=light-red]');
			expect(await page.getAttribute('[data-frozen-seq]', 'data-frozen-seq')).toBe(snap.seq);
			expect(Number(await page.getAttribute('[data-testid=light-red]', 'data-value')), layout).toBe(doc.red);
			expect(Number(await page.getAttribute('[data-testid=today-total]', 'data-value')), layout).toBe(doc.today);
			expect(Number(await page.getAttribute('[data-testid=cases-total]', 'data-value')), layout).toBe(doc.cases);
		}
		await page.screenshot({ path: `${SHOTS}snapshot-supervision-1920x1080.png` });
		const leader = await signInByFetch(server.url, 'sheng.lingdao');
		const refused = await request(server.url, `/meetings/${meetingId}?/held`, { cookie: leader.cookie, method: 'POST', form: {} });
		expect(refused.body).toContain('无权编辑联席会议');
		const display = await signInByFetch(server.url, 'dapin');
		expect((await request(server.url, `/meetings/${meetingId}`, { cookie: display.cookie })).status).toBe(403);
		await page.close();
	}, 120_000);

	it('exports the briefing with progress shown while it renders; the PDF holds the snapshot figures; the unit sees its follow-up', async () => {
		const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
		await signIn(page, server.url, 'ducha', `/meetings/${meetingId}`);
		const started = Date.now();
		await page.click('button[data-action=briefing]');
		await page.waitForSelector('[data-kind=briefing][data-status=running] progress', { timeout: 10_000 });
		await page.waitForSelector('[data-kind=briefing][data-status=done]', { timeout: 120_000 });
		console.log(`briefing ready in the browser after ${Date.now() - started} ms`);
		const href = await page.getAttribute('[data-kind=briefing] a[data-download=pdf]', 'href');
		const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
		const pdf = Buffer.from(await (await fetch(`${server.url}${href}`, { headers: { cookie } })).arrayBuffer());
		const file = path.join(await mkdtemp(path.join(tmpdir(), 'liaowang-e2e-')), 'briefing.pdf');
		await writeFile(file, pdf);
		const text = pdfText(file).replace(/[ \t]+/g, '');
		const [w] = await db.sql<{ month: number; red: number; seq: string }[]>`
			select (s.wall->'periods'->'month'->>'items')::int as month, (s.wall->'lights'->>'red')::int as red, s.seq::text
			  from meeting m join meeting_snapshot s on s.id = m.snapshot_id where m.id = ${meetingId}`;
		expect(text).toContain(`本月信访量（件）${w.month.toLocaleString('zh-CN')}\n`);
		expect(text).toContain(`在办逾期（件）${w.red.toLocaleString('zh-CN')}\n`);
		expect(text).toContain(`序号${w.seq}`);
		expect(text).toContain('两周内化解到位');
		execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, `${SHOTS}briefing-e2e-page1`]);
		const docx = await fetch(`${server.url}${href!.replace(/pdf$/, 'docx')}`, { headers: { cookie } });
		expect(docx.headers.get('content-type')).toContain('wordprocessingml');

		// after the meeting: 纪要 draft
		await page.click('button:has-text("会议已召开")');
		await page.waitForSelector('[data-status=held]');
		await page.click('button:has-text("生成会议纪要草稿")');
		await page.waitForSelector('[data-kind=minutes][data-status=done]', { timeout: 60_000 });
		await page.close();

		// the unit responsible sees its follow-up with its clock, and reports it done
		const unit = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
		await signIn(unit, server.url, 'lixia.xinfang', '/follow-ups');
		const row = unit.locator('tr[data-follow-up]');
		expect(await row.count()).toBe(1);
		expect(await row.textContent()).toContain('两周内化解到位');
		await row.locator('input[name=note]').fill('已全部化解，书面报告已报送');
		await row.locator('button:has-text("办结")').click();
		await unit.waitForSelector('tr[data-light=none]');
		expect((await db.sql`select status from meeting_decision`)[0].status).toBe('done');
		await unit.close();
	}, 240_000);

	it("the region's second meeting opens by reviewing the first one's decisions, and compares with it (#17)", async () => {
		const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
		await signIn(page, server.url, 'ducha', '/meetings');
		await page.fill('input[name=title]', '2027年1月全省信访工作联席会议');
		await page.fill('input[name=heldAt]', '2027-01-05T09:00');
		await page.fill('input[name=place]', '省委第一会议室');
		await page.fill('textarea[name=attendees]', '省信访局、省人社厅');
		await Promise.all([page.waitForURL(/\/meetings\/\d+$/), page.click('button:has-text("冻结态势并筹备")')]);
		const secondId = Number(/\/meetings\/(\d+)$/.exec(page.url())![1]);
		expect(secondId).not.toBe(meetingId);
		const first = page.locator('li[data-agenda]').first();
		expect(await first.getAttribute('data-kind')).toBe('review');
		expect(await first.textContent()).toContain('上次会议议定事项落实情况：1 项，已办结 1 项');
		// each decision of the first meeting with its owner, deadline and state
		const reviewed = await first.locator('[data-testid=reviewed-decisions] li').allTextContents();
		expect(reviewed).toHaveLength(1);
		expect(reviewed[0]).toContain('两周内化解到位');
		expect(reviewed[0]).toContain('李明');
		expect(reviewed[0]).toContain('期限 2026-12-17');
		expect(reviewed[0]).toContain('已办结');
		const [row] = await db.sql<{ ref: { meetingId: number }; position: number }[]>`select ref, position from agenda_item where meeting_id = ${secondId} and kind = 'review'`;
		expect(row).toEqual({ ref: { meetingId }, position: 1 });
		// now there is a previous meeting: the figures since it, each with its items one click away
		expect(await page.locator('[data-testid=first-meeting]').count()).toBe(0);
		await page.click('details[data-figure=newlyOverdue] summary');
		const link = page.locator('details[data-figure=newlyOverdue] a').first();
		if ((await link.count()) > 0) expect(await link.getAttribute('href')).toMatch(/^\/items\/\d+$/);
		expect(await page.textContent('.meta')).toContain('与上次会议');
		await page.screenshot({ path: `${SHOTS}meeting-second-agenda-1600x1000.png`, fullPage: true });
		await page.close();
	}, 120_000);

	it("freezes a named snapshot and replays the window since it to the live feed's end state, without touching the live wall", async () => {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'ducha', '/meetings');
		await page.fill('input[name=name]', '回放起点');
		await page.click('button:has-text("冻结此刻态势")');
		await page.waitForSelector('[role=alert]:has-text("已冻结")');
		const [anchor] = await db.sql<{ id: number; takenAt: Date }[]>`select id, taken_at as "takenAt" from meeting_snapshot where name = '回放起点'`;
		// changes after the freeze, as any writer makes them; the relay stamps them
		for (let i = 0; i < 6; i++) await insertItem(db.sql, { region: i % 2 ? '370102' : '370202', receivedAt: new Date(), headcount: i === 3 ? 8 : 1 });
		// the sweeper lights the new items (more feed events), then the relay stamps everything
		await waitFor(async () => (await db.sql`select count(*)::int as n from petition_item where light_at = '-infinity'`)[0].n === 0, 'the sweeper lights the new items', 20_000);
		await waitFor(async () => (await db.sql`select count(*)::int as n from outbox where seq is null`)[0].n === 0, 'the relay stamps the changes');
		const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
		const live = (await (await fetch(`${server.url}/screen/snapshot.json`, { headers: { cookie } })).json()) as { seq: number; periods: { today: { items: number }; month: { items: number } }; lights: { red: number } };
		const local = (d: Date) => d.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16).replace(' ', 'T');
		const from = local(new Date(anchor.takenAt.getTime() + 60_000));
		const to = local(new Date(Date.now() + 120_000));
		await page.goto(`${server.url}/screen/replay?region=370000&from=${from}&to=${to}&speed=600`);
		await page.waitForSelector('.controls button[data-action=play]:not([disabled])');
		await page.click('.controls button[data-action=play]');
		await page.waitForSelector('.controls[data-playing=false][data-applied]', { timeout: 30_000 });
		await expect.poll(async () => Number(await page.getAttribute('[data-frozen=true]', 'data-seq')), { timeout: 30_000 }).toBe(live.seq);
		const value = async (id: string) => Number(await page.getAttribute(`[data-testid=${id}]`, 'data-value'));
		expect(await value('today-total')).toBe(live.periods.today.items);
		expect(await value('light-red')).toBe(live.lights.red);
		expect(await page.textContent('.controls')).toContain('起点：回放起点');
		expect(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('socket.io')))).toBe(false);
		await page.screenshot({ path: `${SHOTS}replay-1920x1080.png` });
		// a window before any snapshot is refused, naming the field
		await page.goto(`${server.url}/screen/replay?region=370000&from=2020-01-01T00:00&to=2020-01-02T00:00&speed=60`);
		expect(await page.getAttribute('[role=alert]', 'data-field')).toBe('from');
		await page.close();
	}, 120_000);
});
