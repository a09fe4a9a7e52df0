import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReady, reloadReady, signIn } from '../support/auth.ts';
import { sleep, waitFor } from '../support/fixtures.ts';
import { openSocket, request, signInByFetch } from '../support/http.ts';
import { SHOTS, useStack } from '../support/stack.ts';

describe('三函 end to end: flag → issue → live inbox → sign → feedback → close', () => {
	const { db, server, browser, start } = useStack({ items: 2000, seed: 'letters', start: false, browser: true });
	let hook: Server;
	const hooked: Record<string, unknown>[] = [];
	let unitId: number;
	let itemIds: string[];
	let serials: string[];
	let letterId: number;
	let number: string;

	beforeAll(async () => {
		[{ unitId }] = await db.sql<{ unitId: number }[]>`select unit_id as "unitId" from app_user where username = 'lixia.xinfang'`;
		// two overdue items become the 历下区 unit's own, so the workspace flags them for it
		const red = await db.sql<{ id: string; serial: string }[]>`
			update petition_item set unit_id = ${unitId}, region = '370102'
			 where id in (select id from petition_item where light = 'red' and clock_due > current_date - 30 order by id limit 2)
			returning id::text, serial`;
		expect(red).toHaveLength(2);
		itemIds = red.map((r) => r.id);
		serials = red.map((r) => r.serial);
		// accounts the letter must not reach: another unit of the same county, a leader of another city
		const [{ hash }] = await db.sql<{ hash: string }[]>`select password_hash as hash from app_user where username = 'lixia.xinfang'`;
		const [other] = await db.sql<{ id: number }[]>`select id from unit where region = '370102' and id <> ${unitId} order by id limit 1`;
		await db.sql`insert into app_user (username, display_name, password_hash, role, scope_region, unit_id) values ('lixia.other', '历下区另一单位', ${hash}, 'unit', '370102', ${other.id})`;
		await db.sql`insert into app_user (username, display_name, password_hash, role, scope_region) values ('qingdao.lingdao', '青岛市领导', ${hash}, 'leader', '370200')`;
		// the SMS gateway: answers 503 once, then 200
		hook = createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				hooked.push(JSON.parse(body));
				res.statusCode = hooked.length === 1 ? 503 : 200;
				res.end(hooked.length === 1 ? 'busy' : 'ok');
			});
		});
		await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
		await start({ LETTER_WEBHOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/sms` });
	});
	afterAll(async () => {
		hook?.close();
	});

	let inbox: Page;
	let staff: Page;
	// one sign-in per account (each from its own address: sign-in is rate limited per address)
	const cookies = new Map<string, string>();
	const cookieOf = async (username: string) => {
		if (!cookies.has(username)) cookies.set(username, (await signInByFetch(server.url, username, undefined, `10.9.0.${cookies.size + 1}`)).cookie!);
		return cookies.get(username)!;
	};

	it('the supervisor picks the flagged items in the workspace, sees the proposal pre-filled, edits it, previews and issues with a double click', async () => {
		inbox = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
		await signIn(inbox, server.url, 'lixia.xinfang', '/letters/inbox');
		await inbox.waitForSelector('[data-live=yes]', { timeout: 15_000 });
		expect(await inbox.locator('tr[data-letter]').count()).toBe(0);

		staff = await (await browser.newContext({ viewport: { width: 1900, height: 1200 } })).newPage();
		await signIn(staff, server.url, 'ducha', '/work');
		await openReady(staff, `${server.url}/work?queue=red&unit=${unitId}`);
		for (const serial of serials) await staff.check(`input[aria-label="选择 ${serial}"]`);
		await Promise.all([staff.waitForURL(/\/letters\/new\?items=/), staff.click('button:has-text("发督办函")')]);
		const reason = staff.locator('textarea[name=reason]');
		// switching the kind redrafts the letter: heading, title, 事由 and the preview change together
		// the preview is the PDF writer's own pages, as images
		const pageImage = () => staff.locator('[data-preview=pdf] img').first().getAttribute('src');
		const supervisePage = await pageImage();
		expect(supervisePage).toMatch(/^data:image\/png;base64,/);
		await Promise.all([staff.waitForURL(/kind=risk/), staff.click('a[data-kind=risk]')]);
		expect(await staff.textContent('form.issue h2')).toContain('风险提醒函');
		expect(await reason.inputValue()).toMatch(/^经研判/);
		expect(await staff.textContent('form.issue')).toContain('风险提醒函');
		expect(await pageImage()).not.toBe(supervisePage);
		// the ladder: a 问责建议函 on items that never had a 督办函 asks for a stated 越级理由, and is refused without one
		await Promise.all([staff.waitForURL(/kind=accountability/), staff.click('a[data-kind=accountability]')]);
		expect(await staff.textContent('[data-ladder]')).toContain('未曾发过督办函');
		for (const serial of serials) expect(await staff.textContent('[data-ladder]')).toContain(serial);
		await staff.click('button:has-text("签发")');
		await staff.waitForSelector('p.error[data-field=ladderReason]');
		expect(await staff.textContent('p.error[data-field=ladderReason]')).toMatch(/^越级理由：/);
		expect(await db.sql`select id from supervision_letter`).toHaveLength(0);
		await staff.screenshot({ path: `${SHOTS}letter-ladder.png` });
		await Promise.all([staff.waitForURL(/kind=supervise/), staff.click('a[data-kind=supervise]')]);
		expect(await pageImage()).toBe(supervisePage); // the same draft prints the same page
		expect(await staff.textContent('form.issue h2')).toContain('督办函');
		expect(await reason.inputValue()).toMatch(/^经督查/);
		expect(await reason.inputValue()).not.toContain('问责');
		for (const serial of serials) expect(await reason.inputValue()).toContain(serial);
		expect(await staff.locator('[data-evidence=overdue]').count()).toBe(2);
		await reason.fill(`${await reason.inputValue()}\n请于本月内召开专题会议研究解决。`);
		const due = new Date(Date.now() + 8 * 3600_000 + 20 * 86400_000).toISOString().slice(0, 10);
		await staff.fill('input[name=feedbackDue]', due);
		await staff.click('button:has-text("更新预览")');
		await waitFor(async () => (await pageImage()) !== supervisePage, 'the preview shows the edited letter');
		await staff.screenshot({ path: `${SHOTS}letter-new.png` });
		// a character none of the letter's fonts has is refused by name before a 文号 is taken
		const edited = await reason.inputValue();
		await reason.fill(`${edited}\n来访人吉𠮷。`);
		await staff.click('button:has-text("签发")');
		await staff.waitForSelector('p.error[data-field=reason]');
		expect(await staff.textContent('p.error[data-field=reason]')).toContain('𠮷');
		expect(await db.sql`select id from supervision_letter`).toHaveLength(0);
		await reason.fill(edited);
		await Promise.all([staff.waitForURL(/\/letters\/\d+\?issued=/, { timeout: 30_000 }), staff.dblclick('button:has-text("签发")')]);
		letterId = Number(/\/letters\/(\d+)/.exec(staff.url())![1]);
		const letters = await db.sql<{ id: number; number: string; feedbackDue: string; reason: string }[]>`
			select id, number_text as number, feedback_due::text as "feedbackDue", reason from supervision_letter`;
		expect(letters).toHaveLength(1); // a double click is one letter
		[{ number }] = letters;
		expect(letters[0]).toMatchObject({ id: letterId, feedbackDue: due });
		expect(letters[0].reason).toContain('召开专题会议');
		expect(number).toMatch(/^鲁信督函〔20\d\d〕1号$/);
		expect(await staff.textContent('h1')).toBe(number);
		// Back after 签发 (a fresh page, a fresh key): the same intent is refused with a link to the letter issued
		await staff.goBack();
		await staff.reload();
		await staff.click('button:has-text("签发")');
		await staff.waitForSelector('p.error[data-field=items]');
		expect(await staff.textContent('p.error[data-field=items]')).toContain(number);
		expect(await staff.getAttribute('p.error[data-field=items] a', 'href')).toBe(`/letters/${letterId}`);
		expect(await db.sql`select id from supervision_letter`).toHaveLength(1);
		await staff.goto(`${server.url}/letters/${letterId}`);
	});

	it("appears in the unit's inbox live, without a reload", async () => {
		await inbox.waitForSelector(`tr[data-letter="${number}"]`, { timeout: 10_000 });
		expect(await inbox.getAttribute('[data-arrived]', 'data-arrived')).toBe(number);
		expect(await inbox.title()).toMatch(/^\(1\) /);
	});

	it('stores the PDF record (hash kept) and the .docx', async () => {
		const cookie = await cookieOf('ducha');
		const pdf = await fetch(`${server.url}/letters/${letterId}/document.pdf`, { headers: { cookie: cookie! } });
		expect(pdf.status).toBe(200);
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
		const bytes = Buffer.from(await pdf.arrayBuffer());
		expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
		const [stored] = await db.sql<{ sha256: string }[]>`select sha256 from letter_document where letter_id = ${letterId} and format = 'pdf'`;
		expect(pdf.headers.get('x-content-sha256')).toBe(stored.sha256);
		const docx = await fetch(`${server.url}/letters/${letterId}/document.docx`, { headers: { cookie: cookie! } });
		expect(docx.status).toBe(200);
		expect(Buffer.from(await docx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
		await expect(db.sql`update letter_document set sha256 = ${'0'.repeat(64)} where letter_id = ${letterId}`).rejects.toThrow('不能修改');
	});

	it('the unit opens it, confirms it has it (送达), signs for it and reports back with an attachment; the inbox follows', async () => {
		// the issuer watches the letter's page: 送达, 签收 and 反馈 show there without a reload
		await staff.goto(`${server.url}/letters/${letterId}`);
		await staff.waitForSelector('[data-live=yes]', { timeout: 15_000 });
		await inbox.click(`tr[data-letter="${number}"] a`);
		// the inbox rows carry data-status too: wait for the letter's own page first
		await inbox.waitForURL((url) => url.pathname === `/letters/${letterId}`, { timeout: 15_000 });
		// opening it records nothing (red team #15: a cross-site link could): 送达 is the unit's own POST
		await inbox.waitForSelector('.status[data-status=issued]');
		expect((await db.sql`select status, delivered_at from supervision_letter where id = ${letterId}`)[0]).toEqual({ status: 'issued', delivered_at: null });
		await inbox.click('button:has-text("确认收到")');
		await inbox.waitForSelector('.status[data-status=delivered]');
		expect(new URL(inbox.url()).pathname).toBe(`/letters/${letterId}`);
		await inbox.screenshot({ path: `${SHOTS}letter-unit-open.png` });
		await inbox.click('button:has-text("签收")');
		await inbox.waitForSelector('[data-signed=yes]');
		await staff.waitForSelector('header .status[data-status=signed]', { timeout: 10_000 });
		const [signed] = await db.sql`select status, delivered_at is not null as delivered, signed_at is not null as signed from supervision_letter where id = ${letterId}`;
		expect(signed).toEqual({ status: 'signed', delivered: true, signed: true });
		await inbox.fill('textarea[name=text]', '已召开专题会议，两件事项均已落实工资支付方案，预计月底前办结。');
		await inbox.setInputFiles('input[name=attachment]', { name: '会议纪要.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 会议纪要') });
		await inbox.click('button:has-text("报送反馈")');
		await inbox.waitForSelector('[role=alert]:has-text("反馈已报送")');
		await staff.waitForSelector('header .status[data-status=replied]', { timeout: 10_000 });
		expect(await staff.locator('button:has-text("办结")').count()).toBe(1);
		const [file] = await db.sql`select a.filename, a.size from letter_attachment a join letter_feedback f on f.id = a.feedback_id where f.letter_id = ${letterId}`;
		expect(file).toEqual({ filename: '会议纪要.pdf', size: Buffer.byteLength('%PDF-1.4 会议纪要') });
		await inbox.screenshot({ path: `${SHOTS}letter-unit.png`, fullPage: true });
	});

	it('the supervisor rejects the feedback with a reason, the unit reports again, and the supervisor closes it', async () => {
		await reloadReady(staff);
		await staff.fill('input[name=reason]', '反馈未说明资金来源');
		await staff.click('button:has-text("退回反馈")');
		await staff.waitForSelector('[role=alert]:has-text("已退回")');
		expect((await db.sql`select status, return_reason from supervision_letter where id = ${letterId}`)[0]).toEqual({ status: 'returned', return_reason: '反馈未说明资金来源' });
		await reloadReady(inbox);
		expect(await inbox.textContent('.reply')).toContain('上次反馈被退回：反馈未说明资金来源');
		await inbox.fill('textarea[name=text]', '资金由区财政专项列支，已于本周拨付到位，工资已全部发放。');
		await inbox.click('button:has-text("报送反馈")');
		await inbox.waitForSelector('[role=alert]:has-text("反馈已报送")');
		await reloadReady(staff);
		await staff.click('button:has-text("办结")');
		await staff.waitForSelector('[data-status=closed]');
		const steps = await db.sql<{ to: string }[]>`select to_status as to from letter_event where letter_id = ${letterId} order by at, id`;
		expect(steps.map((s) => s.to)).toEqual(['issued', 'delivered', 'signed', 'replied', 'returned', 'replied', 'closed']);
		const audits = await db.sql<{ action: string }[]>`select action from audit_log where action like 'letter.%' order by id`;
		expect(audits.map((a) => a.action)).toEqual(['letter.issue', 'letter.sign', 'letter.reply', 'letter.reject', 'letter.reply', 'letter.close']);
		await staff.screenshot({ path: `${SHOTS}letter-page.png`, fullPage: true });
		// a closed letter takes no more steps
		const cookie = await cookieOf('ducha');
		const again = await request(server.url, `/letters/${letterId}?/close`, { cookie, form: {} });
		expect(again.status).toBe(409);
		expect(again.body).toContain('函件已办结');
	});

	it('the register exports to Excel from its own link: a download, not the client router’s “404 Not Found”', async () => {
		await openReady(staff, `${server.url}/letters`);
		const [download] = await Promise.all([staff.waitForEvent('download', { timeout: 15_000 }), staff.click('a:has-text("导出 Excel")')]);
		expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
		expect(new URL(staff.url()).pathname).toBe('/letters');
	});

	it('the SMS webhook got the notice, after one failed attempt, each attempt logged', async () => {
		await waitFor(async () => (await db.sql`select 1 from notification where delivered_at is not null`).length === 1, 'the notice is delivered', 30_000);
		const attempts = await db.sql<{ ok: boolean }[]>`select ok from notification_attempt order by id`;
		expect(attempts.map((a) => a.ok)).toEqual([false, true]);
		expect(hooked[1]).toMatchObject({ event: 'letter.issued', number, unit: expect.any(String) });
	});

	it('each role sees only what it should', async () => {
		const sees = async (username: string, path: string) => (await request(server.url, path, { cookie: await cookieOf(username), page: true })).status;
		expect(await sees('jinan.lingdao', `/letters/${letterId}`)).toBe(200);
		expect(await sees('lixia.lingdao', `/letters/${letterId}`)).toBe(200);
		expect(await sees('qingdao.lingdao', `/letters/${letterId}`)).toBe(404);
		expect(await sees('lixia.other', `/letters/${letterId}`)).toBe(404);
		expect(await sees('dapin', `/letters/${letterId}`)).toBe(403);
		expect(await sees('admin', `/letters/${letterId}`)).toBe(403);
		for (const username of ['qingdao.lingdao', 'lixia.other']) {
			const cookie = await cookieOf(username);
			expect((await request(server.url, '/letters', { cookie, page: true })).body).not.toContain(number);
			expect((await request(server.url, `/letters/${letterId}/document.pdf`, { cookie })).status).toBe(404);
		}
		const other = await request(server.url, '/letters/inbox', { cookie: await cookieOf('lixia.other'), page: true });
		expect(other.status).toBe(200);
		expect(other.body).not.toContain(number);
		// a leader reads but may not close; the unit may not close its own letter
		const leader = await cookieOf('jinan.lingdao');
		expect((await request(server.url, `/letters/${letterId}?/close`, { cookie: leader, form: {} })).status).toBe(403);
	});

	it("a unit's socket hears of its own unit's letters only: no screen frames, no replay", async () => {
		const { socket, connected } = await openSocket(server.url, { cookie: await cookieOf('lixia.other') });
		expect(connected).toBe(true);
		const frames: unknown[] = [];
		const letters: unknown[] = [];
		socket.on('feed', (f) => frames.push(f));
		socket.on('letter', (l) => letters.push(l));
		const reply = await socket.timeout(5000).emitWithAck('resume', 0);
		expect(reply).toMatchObject({ ok: false, reason: 'invalid' });
		await db.sql`update petition_item set headcount = headcount + 1 where id = ${itemIds[0]}`;
		await db.sql`update supervision_letter set feedback_due = feedback_due + 1 where id = ${letterId}`;
		await sleep(1500);
		expect(frames).toEqual([]);
		expect(letters).toEqual([]); // the letter is another unit's
		socket.close();
	});
});
