import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPetitioner } from '../../src/lib/server/intake/petitioners.ts';
import { form, send, signInCookie } from '../support/admin-client.ts';
import { signIn } from '../support/auth.ts';
import { idNumberOf } from '../support/intake.ts';
import { SHOTS, useStack } from '../support/stack.ts';

const HEADERS = ['台账编号', '信访形式', '收件时间', '问题属地', '问题类别', '信访类型', '内容摘要', '人数', '责任单位', '信访人姓名', '联系电话'];
const row = (n: number, channel = '来信') => [`E2E-${n}`, channel, '2026-11-16 10:00', '历下区', '劳动社保', '申诉求决类', `反映拖欠工资问题，第 ${n} 件，请尽快处理`, 1, '济南市历下区人力资源和社会保障局', `信访人${n}`, `138${String(n).padStart(8, '0')}`];

async function ledger(rows: (string | number)[][]): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('台账');
	sheet.addRow(HEADERS);
	for (const r of rows) sheet.addRow(r);
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('intake: the registration form, the ledger import and the API (Chromium)', () => {
	const { db, server, browser } = useStack({ items: 2000, seed: 'intake', browser: true });
	let supervisorId: number;

	const newPage = async (username: string, next: string): Promise<Page> => {
		const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
		const page = await context.newPage();
		await signIn(page, server.url, username, next);
		return page;
	};

	beforeAll(async () => {
		supervisorId = (await db.sql<{ id: number }[]>`select id from app_user where username = 'jinan.ducha'`)[0].id;
	});

	it('registers an item through the form: field errors beside the fields, live 智能校对, then the item and its warnings stored', async () => {
		const page = await newPage('jinan.ducha', '/intake/new');
		const field = (name: string) => page.locator(`label[data-field=${name}]`);

		await page.click('main button:text-is("登记")');
		await page.waitForSelector('text=登记未成功');
		expect(await field('channel').locator('.error').textContent()).toBe('请填写信访形式');
		expect(await field('summary').locator('.error').textContent()).toBe('请填写内容摘要');
		expect(await field('region').locator('.error').textContent()).toContain('请填写问题属地');
		expect((await db.sql`select count(*)::int as n from petition_item where source = 'form'`)[0].n).toBe(0);

		const [police] = await db.sql<{ id: number }[]>`select id from unit where region = '370102' and sector = '公安' limit 1`;
		await page.selectOption('select[name=channel]', 'visit');
		await page.fill('input[name=receivedAt]', '2026-11-18T10:00');
		await page.selectOption('select[name=region]', '370102');
		await page.selectOption('select[name=category]', 'labour');
		await page.selectOption('select[name=type]', 'appeal');
		await page.fill('textarea[name=summary]', '反映欠薪');
		await page.selectOption('select[name=unit]', String(police.id));
		// a number input: the live check and the field errors must survive a typed 人数
		await page.fill('input[name=headcount]', '6');
		await page.fill('input[name=petitionerName]', '张三');
		await page.fill('input[name=phone]', '12');
		await page.fill('input[name=idNumber]', idNumberOf('37010219700101123'));
		// the same checks as the server, before anything is sent
		const aside = page.locator('aside');
		await aside.locator('[data-code=summary_too_short]').waitFor();
		expect(await aside.locator('[data-code=unit_sector_mismatch]').textContent()).toContain('不对口');
		expect(await field('summary').locator('.warning').textContent()).toContain('摘要只有 4 个字');

		await page.click('main button:text-is("登记")');
		await page.waitForSelector('label .error:text("11 位手机号码")');
		expect(await page.locator('label .error').count()).toBe(1);
		expect(await field('phone').locator('.error').textContent()).toBe('联系电话应为 11 位手机号码');
		expect(await page.getAttribute('input[name=phone]', 'aria-invalid')).toBe('true');
		expect(await page.inputValue('input[name=headcount]')).toBe('6');
		expect(await page.inputValue('textarea[name=summary]')).toBe('反映欠薪'); // what was typed survives the refusal
		expect((await db.sql`select count(*)::int as n from petition_item where source = 'form'`)[0].n).toBe(0);

		await page.fill('input[name=phone]', '138 0000 0000');
		await page.click('main button:text-is("登记")');
		const banner = page.locator('[data-testid=registered]');
		await banner.waitFor();
		const serial = (await banner.locator('[data-testid=serial]').textContent())!;
		expect(serial).toMatch(/^370102-20261118-\d{6}$/);
		expect(await banner.textContent()).toContain('智能校对提示');
		await page.screenshot({ path: `${SHOTS}intake-form-1920x1080.png`, fullPage: true });
		expect(await page.inputValue('textarea[name=summary]')).toBe(''); // ready for the next one

		const [item] = await db.sql`
			select i.id, i.source, i.registered_by, i.channel, i.unit_id, i.route_due::text as due, p.name, p.phone_enc, encode(p.identity_hash, 'hex') as hash
			  from petition_item i join petitioner p on p.id = i.petitioner_id where i.serial = ${serial}`;
		expect(item).toMatchObject({ source: 'form', registered_by: supervisorId, channel: 'visit', unit_id: police.id, due: '2026-12-03', name: '张三' });
		expect(openPetitioner({ idNumberEnc: null, phoneEnc: item.phone_enc }).phone).toBe('13800000000'); // sealed by the server with the tests' key
		expect(item.hash).toHaveLength(64);
		const codes = (await db.sql<{ code: string }[]>`select code from item_quality_warning where item_id = ${item.id} order by code`).map((w) => w.code);
		expect(codes).toEqual(expect.arrayContaining(['summary_too_short', 'unit_sector_mismatch']));
		await banner.locator('a:text("查看该事项")').click();
		await page.waitForURL(`**/items/${item.id}`);
		expect(await page.locator('h1').textContent()).toContain(serial);
		await page.context().close();
	});

	it('imports a ledger: template, preview with per-row errors (nothing written), then a clean file committed with progress', async () => {
		const page = await newPage('jinan.ducha', '/intake/import');
		const template = await page.request.get(`${server.url}/intake/import/template.xlsx`);
		expect(template.status()).toBe(200);
		expect(template.headers()['content-type']).toContain('spreadsheetml');
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await template.body()) as unknown as ArrayBuffer);
		expect(workbook.getWorksheet('台账')!.getRow(1).getCell(1).value).toBe('信访形式*');

		const upload = async (name: string, buffer: Buffer) => {
			await page.setInputFiles('input[type=file]', { name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
			const before = page.url();
			await Promise.all([page.waitForURL((url) => /^\?job=\d+$/.test(url.search) && url.href !== before, { timeout: 60_000 }), page.click('button:text("上传并预览")')]);
		};
		await upload('有错误的台账.xlsx', await ledger([row(1), row(2), row(3), row(4, '飞鸽')]));
		const errors = page.locator('[data-testid=errors] tbody tr');
		expect(await errors.count()).toBe(1);
		expect(await errors.first().textContent()).toMatch(/第 5 行\s*信访形式.*“飞鸽”无效/);
		expect(await page.locator('button:text("确认导入")').count()).toBe(0);
		expect(await page.locator('tr.bad').getAttribute('data-line')).toBe('5');
		await page.screenshot({ path: `${SHOTS}intake-import-errors-1920x1080.png`, fullPage: true });
		expect((await db.sql`select count(*)::int as n from petition_item where source = 'import'`)[0].n).toBe(0);

		const rows = Array.from({ length: 3000 }, (_, i) => row(100 + i));
		await upload('三千行台账.xlsx', await ledger(rows));
		expect(await page.locator('[data-testid=job]').getAttribute('data-status')).toBe('previewed');
		expect(await page.locator('.counts').textContent()).toMatch(/共 3000 行；错误 0 行/);
		await page.click('button:text("确认导入 3000 行")');
		// the page polls the job while the one transaction runs: some progress short of the end shows
		await page.waitForFunction(() => /已处理 [1-9]\d* \/ 3000/.test(document.querySelector('[data-testid=progress]')?.textContent ?? ''), null, { timeout: 120_000, polling: 50 });
		await page.locator('[data-testid=committed]').waitFor({ timeout: 120_000 });
		expect(await page.locator('[data-testid=committed]').textContent()).toContain('导入 3000 件信访事项');
		await page.screenshot({ path: `${SHOTS}intake-import-committed-1920x1080.png`, fullPage: true });
		const [{ n, jobs }] = await db.sql`select count(*)::int as n, count(distinct import_job_id)::int as jobs from petition_item where source = 'import'`;
		expect({ n, jobs }).toEqual({ n: 3000, jobs: 1 });

		// a job is its uploader's: another supervisor, even of the whole province, finds nothing
		const job = new URL(page.url()).searchParams.get('job')!;
		const other = (await signInCookie(server.url, 'ducha'))!;
		for (const path of [`/intake/import/${job}.json`, `/intake/import?job=${job}`]) expect((await send(server.url, path, { cookie: other })).status, path).toBe(404);
		const commit = await send(server.url, '/intake/import?/commit', { cookie: other, body: form({ job }) });
		expect(commit).toMatchObject({ status: 409, message: '没有找到该导入任务，请重新上传文件' });
		const mine = await page.request.get(`${server.url}/intake/import/${job}.json`);
		expect(await mine.json()).toEqual({ status: 'committed', total: 3000, processed: 3000, errorRows: 0 });
		await page.context().close();
	}, 240_000);

	it('lets an admin issue an API token shown once; the API registers idempotently, and a disabled token is refused', async () => {
		const page = await newPage('admin', '/admin/api-clients');
		await page.fill('input[name=name]', '国家信访信息系统');
		await page.selectOption('select[name=source]', 'national');
		await page.selectOption('select[name=scope]', '370000');
		await page.click('button:text("新建并生成令牌")');
		const token = (await page.locator('[data-testid=token]').textContent())!;
		expect(token).toMatch(/^lwk_[a-z2-7]{32}$/);
		expect((await db.sql`select count(*)::int as n from api_client where token_hash = encode(sha256(${token}::bytea), 'hex')`)[0].n).toBe(1);
		await page.reload();
		expect(await page.content()).not.toContain(token); // shown once

		const post = (body: unknown, headers: Record<string, string> = {}) =>
			fetch(`${server.url}/api/v1/items`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
		const item = { sourceId: 'GJ-E2E-1', channel: 'online', receivedAt: '2026-11-19T09:30:00+08:00', region: '370102', category: 'housing', type: 'appeal', summary: '网上反映小区供暖不达标问题' };
		const first = await post(item);
		expect(first.status).toBe(201);
		const created = (await first.json()) as { id: string; serial: string };
		expect(first.headers.get('location')).toBe(`/items/${created.id}`);
		const again = await post(item);
		expect(again.status).toBe(200);
		expect(((await again.json()) as { id: string }).id).toBe(created.id);
		const bad = await post({ ...item, sourceId: 'GJ-E2E-2', receivedAt: '昨天' });
		expect(bad.status).toBe(422);
		expect(await bad.json()).toMatchObject({ field: 'receivedAt', error: expect.stringContaining('无法识别') });
		expect((await post(item, { authorization: '' })).status).toBe(401);
		expect((await post(item, { 'content-type': 'application/xml' })).status).toBe(415);

		await page.click('button:text("停用")');
		await page.waitForSelector('text=其令牌立即失效');
		const refused = await post({ ...item, sourceId: 'GJ-E2E-3' });
		expect(refused.status).toBe(401);
		expect(((await refused.json()) as { error: string }).error).toContain('接口令牌');
		await page.screenshot({ path: `${SHOTS}intake-api-clients-1920x1080.png`, fullPage: true });
		await page.context().close();
	});
});
