import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signIn } from '../support/auth.ts';
import { insertItem } from '../support/fixtures.ts';
import { SHOTS, useStack } from '../support/stack.ts';

const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** 办理台账导入 in Chromium: a ledger with a mistake, the per-row errors, the corrected ledger dry-run, then applied. */
describe('办理台账导入 (Chromium)', () => {
	const { db, server, browser } = useStack({ items: 300, seed: 'status-import', browser: true });

	async function page(width: number, height: number): Promise<Page> {
		const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
		const p = await context.newPage();
		await signIn(p, server.url, 'jinan.ducha', '/intake/status-import');
		return p;
	}

	it('shows each bad cell by row and column, dry-runs the corrected ledger without writing, then applies it', async () => {
		const received = new Date(Date.now() - 3 * 86400_000);
		const ids = [await insertItem(db.sql, { region: '370102', receivedAt: received }), await insertItem(db.sql, { region: '370102', receivedAt: received })];
		const serials = (await db.sql<{ serial: string }[]>`select serial from petition_item where id in ${db.sql(ids)} order by id`).map((r) => r.serial);
		const [unit] = await db.sql<{ name: string }[]>`select name from unit where region = '370102' order by id limit 1`;
		const at = local(new Date(Date.now() - 86400_000));
		const ledger = (name: string, rows: string[][]) => ({
			name,
			mimeType: 'text/csv',
			buffer: Buffer.from(['信访件编号,办理环节,办理时间,承办单位', ...rows.map((r) => r.join(','))].join('\r\n'))
		});
		const bad = ledger('办理台账-有误.csv', [[serials[0], '转送交办', at, unit.name], [serials[1], '转送交办', '下周一', ''], ['370102-20200101-999999', '转送交办', at, unit.name]]);
		const good = ledger('办理台账.csv', serials.map((s) => [s, '转送交办', at, unit.name]));
		const statuses = async () => (await db.sql`select status from petition_item where id in ${db.sql(ids)} order by id`).map((r) => r.status);

		const p = await page(1920, 1080);
		await p.waitForSelector('html[data-ready=yes]');
		await p.setInputFiles('input[type=file]', bad);
		await p.click('button:text("预演（不写入）")');
		await p.waitForSelector('[data-testid=result][data-ok=false]');
		const errors = await p.locator('[data-testid=errors] tbody tr').allTextContents();
		expect(errors).toEqual([
			'第 3 行办理时间办理时间“下周一”无法识别，请写成 2026-11-20 09:30 的格式',
			'第 3 行承办单位转送交办须填写承办单位'
		]);
		expect(await p.locator('button:text("确认办理")').isDisabled()).toBe(true);
		await p.screenshot({ path: `${SHOTS}status-import-errors-1920x1080.png`, fullPage: true });

		await p.setInputFiles('input[type=file]', good);
		await p.click('button:text("预演（不写入）")');
		await p.waitForSelector('[data-testid=result][data-ok=true]');
		expect(await p.locator('[role=status]').textContent()).toContain('预演通过：2 个环节均可办理，尚未写入');
		expect(await statuses()).toEqual(['registered', 'registered']);
		await p.screenshot({ path: `${SHOTS}status-import-preview-1920x1080.png`, fullPage: true });

		await p.click('button:text("确认办理")');
		await p.waitForSelector('text=已办理 2 个环节');
		expect(await statuses()).toEqual(['routed', 'routed']);
		const actors = await db.sql`select distinct actor from petition_event where item_id in ${db.sql(ids)} and to_status = 'routed'`;
		expect(actors.map((a) => a.actor)).toEqual(['济南市督查督办科']);
		await p.context().close();

		const phone = await page(390, 844);
		await phone.waitForSelector('html[data-ready=yes]');
		await phone.setInputFiles('input[type=file]', bad);
		await phone.click('button:text("预演（不写入）")');
		await phone.waitForSelector('[data-testid=result][data-ok=false]');
		await phone.screenshot({ path: `${SHOTS}status-import-390x844.png`, fullPage: true });
		const wide = await phone.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 390).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`).slice(0, 12));
		expect(await phone.evaluate(() => document.documentElement.scrollWidth), wide.join(' | ')).toBeLessThanOrEqual(390);
		await phone.context().close();
	});
});
