import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { layoutText } from '../../src/lib/screen/panels/check.ts';
import { layouts } from '../../src/lib/screen/panels/layouts.ts';
import { openReady, signIn } from '../support/auth.ts';
import { SHOTS, useStack } from '../support/stack.ts';

/** A locality's own layout: the map large on the left, three panels beside it. */
const HALL = {
	name: 'hall',
	title: '大厅',
	width: 1920,
	height: 1080,
	columns: 24,
	rows: 12,
	panels: [
		{ id: 'map', type: 'map', title: '全省信访分布', place: { col: 1, row: 1, w: 16, h: 12 } },
		{ id: 'volume', type: 'volume', title: '信访总量', place: { col: 17, row: 1, w: 8, h: 4 } },
		{ id: 'overdue', type: 'overdue', title: '超期预警', query: { top: 5 }, place: { col: 17, row: 5, w: 8, h: 5 } },
		{ id: 'letters', type: 'letters', title: '三函', place: { col: 17, row: 10, w: 8, h: 3 } }
	]
};

describe('大屏布局: a locality rearranges its wall as data', () => {
	const { db, server, browser } = useStack({ items: 1500, seed: 'layouts', browser: true });
	let admin: Page;

	const stored = () => db.sql<{ name: string }[]>`select name from wall_layout order by name`.then((rows) => rows.map((r) => r.name));
	const audited = (action: string) => db.sql<{ target: string }[]>`select target from audit_log where action = ${action} order by id`.then((rows) => rows.map((r) => r.target));

	/** Clicks a button of the admin page and waits for its answer (each in this file answers with a message of its own). */
	async function answer(button: string) {
		const before = await admin.evaluate(() => document.querySelector('[role=alert]')?.textContent ?? '');
		await admin.click(`button:has-text("${button}")`);
		await admin.waitForFunction((prev) => {
			const a = document.querySelector('[role=alert]');
			return !!a && a.textContent !== prev;
		}, before);
	}

	async function save(text: string): Promise<{ ok: boolean; message: string; field: string | null }> {
		await admin.fill('textarea[name=spec]', text);
		await answer('保存布局');
		const alert = admin.locator('[role=alert]');
		return { ok: ((await alert.getAttribute('class')) ?? '').split(/\s+/).includes('ok'), message: (await alert.locator('.message').textContent()) ?? '', field: await alert.getAttribute('data-field') };
	}

	async function wall(path: string): Promise<Page> {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'dapin', '/screen');
		await openReady(page, `${server.url}${path}`);
		await page.waitForSelector('.feed[data-status=live]', { timeout: 20_000 });
		return page;
	}

	it('lists the built-in layouts and opens one as JSON, one panel per line', async () => {
		admin = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(admin, server.url, 'admin', '/admin/layouts');
		expect(await admin.locator('tr[data-layout]').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-layout')}:${r.getAttribute('data-source')}`))).toEqual(
			Object.keys(layouts).map((name) => `${name}:builtin`)
		);
		expect(await admin.inputValue('textarea[name=spec]')).toBe(layoutText(layouts.overview));
	});

	it('refuses a broken layout in Chinese, naming the field, keeps the text, and stores nothing', async () => {
		const overlapping = structuredClone(HALL);
		overlapping.panels[1].place = { col: 16, row: 1, w: 9, h: 4 }; // one column over the map
		let r = await save(JSON.stringify(overlapping));
		expect(r).toMatchObject({ ok: false, field: 'spec.panels[1].place', message: '面板 volume 与面板 map 位置重叠' });
		expect(await admin.inputValue('textarea[name=spec]')).toBe(JSON.stringify(overlapping));
		await admin.screenshot({ path: `${SHOTS}admin-layouts-1920x1080.png`, fullPage: true });
		r = await save(JSON.stringify({ ...HALL, panels: [{ ...HALL.panels[0], type: 'weather' }] }));
		expect(r).toMatchObject({ ok: false, field: 'spec.panels[0].type' });
		r = await save('{"name": "hall", ');
		expect(r).toMatchObject({ ok: false, field: 'spec' });
		expect(r.message).toMatch(/^布局不是有效的 JSON/);
		expect(await stored()).toEqual([]);
		expect(await audited('layout.save')).toEqual([]);
	});

	it('saves a new layout, audited, and the wall shows exactly its panels', async () => {
		const r = await save(JSON.stringify(HALL));
		expect(r.ok, r.message).toBe(true);
		expect(r.message).toContain('已保存布局 hall');
		expect(await stored()).toEqual(['hall']);
		expect(await audited('layout.save')).toEqual(['hall']);
		expect(await admin.getAttribute('tr[data-layout=hall]', 'data-source')).toBe('local');

		const page = await wall('/screen?layout=hall');
		await page.waitForFunction(() => document.querySelectorAll('[data-panel=map] canvas').length > 0, null, { timeout: 20_000 });
		expect(await page.locator('[data-panel]').evaluateAll((ps) => ps.map((p) => p.getAttribute('data-panel')))).toEqual(['map', 'volume', 'overdue', 'letters']);
		// the map takes two thirds of the width, as the layout says
		const box = (await page.locator('[data-panel=map]').boundingBox())!;
		expect(box.width / 1920).toBeGreaterThan(0.6);
		expect(box.width / 1920).toBeLessThan(0.7);
		expect(await page.textContent('[data-panel=map]')).toContain('全省信访分布');
		await page.waitForTimeout(1200);
		await page.screenshot({ path: `${SHOTS}wall-layout-hall-1920x1080.png` });
		await page.close();
	});

	it('replaces a built-in layout for this deployment and restores it', async () => {
		await openReady(admin, `${server.url}/admin/layouts?name=overview`);
		const changed = structuredClone(layouts.overview);
		changed.panels.find((p) => p.id === 'volume')!.title = '本地信访总量';
		expect((await save(layoutText(changed))).ok).toBe(true);
		let page = await wall('/screen');
		expect(await page.textContent('[data-panel=volume]')).toContain('本地信访总量');
		await page.close();

		await answer('恢复内置布局 overview');
		expect(await admin.textContent('[role=alert] .message')).toContain('已恢复为内置布局');
		expect(await stored()).toEqual(['hall']);
		expect(await audited('layout.reset')).toEqual(['overview']);
		page = await wall('/screen');
		expect(await page.textContent('[data-panel=volume]')).not.toContain('本地信访总量');
		await page.close();
	});

	it('shows the admin a stored layout this release cannot use, with the reason; fixed and saved, the wall shows it; an old one is migrated', async () => {
		const newer = { ...HALL, name: 'lobby', title: '新版大厅', version: 3 };
		await db.sql`insert into wall_layout (name, spec) values ('lobby', ${db.sql.json(newer as never)})`;
		await db.sql`insert into wall_layout (name, spec) values ('oldhall', ${db.sql.json({ ...HALL, name: 'oldhall', version: 1 } as never)})`;
		await openReady(admin, `${server.url}/admin/layouts`);
		const row = admin.locator('tr[data-unusable=lobby]');
		expect(await row.textContent()).toContain('布局版本 3 高于本系统支持的版本 2');
		expect(await admin.getAttribute('tr[data-layout=oldhall]', 'data-source')).toBe('local'); // version 1, migrated
		await admin.screenshot({ path: `${SHOTS}admin-layouts-unusable-1920x1080.png`, fullPage: true });

		// the wall does not offer it, and shows the migrated one
		let page = await wall('/screen?layout=oldhall');
		expect(await page.locator('[data-panel]').count()).toBe(HALL.panels.length);
		await page.close();
		page = await browser.newPage();
		await signIn(page, server.url, 'dapin', '/screen');
		expect((await page.goto(`${server.url}/screen?layout=lobby`))!.status()).toBe(400);
		await page.close();

		// opened, it shows as stored; saved at the current version it is usable again
		await openReady(admin, `${server.url}/admin/layouts?name=lobby`);
		expect(await admin.textContent('h2:has-text("编辑")')).toContain('无法使用的本地布局');
		expect(JSON.parse(await admin.inputValue('textarea[name=spec]'))).toEqual(newer);
		const r = await save(JSON.stringify({ ...newer, version: 2 }));
		expect(r.ok, r.message).toBe(true);
		await openReady(admin, `${server.url}/admin/layouts`);
		expect(await admin.locator('[data-testid=unusable-layouts]').count()).toBe(0);
		expect(await admin.getAttribute('tr[data-layout=lobby]', 'data-source')).toBe('local');
		await db.sql`delete from wall_layout where name in ('lobby', 'oldhall')`;
	});

	it("refuses a wall address naming a layout that does not exist, listing the deployment's own", async () => {
		const page = await browser.newPage();
		await signIn(page, server.url, 'dapin', '/screen');
		const res = await page.goto(`${server.url}/screen?layout=nosuch`);
		expect(res!.status()).toBe(400);
		expect(await page.textContent('body')).toMatch(/布局应为 .*hall.* 之一/);
		await page.close();
	});
});
