import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { layoutText, panelTypeList } from '../../src/lib/screen/panels/check.ts';
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

	it('draws the layout beside the JSON as it is typed: a panel moved in the text moves its box; bad JSON or a failed check says why in Chinese', async () => {
		await openReady(admin, `${server.url}/admin/layouts?name=overview`);
		const drawing = admin.locator('[data-testid=layout-drawing]');
		const label = (type: string) => panelTypeList.find((t) => t.type === type)!.label;
		// every panel drawn, named by its type's Chinese label, in the text's order
		expect(await drawing.locator('[data-box]').evaluateAll((bs) => bs.map((b) => `${b.getAttribute('data-box')}:${b.querySelector('strong')!.textContent}`))).toEqual(
			layouts.overview.panels.map((p) => `${p.id}:${label(p.type)}`)
		);
		// boxes where the grid puts them: the map (col 7, w 10 of 24) starts a quarter in and spans 10/24
		const grid = (await drawing.locator('.grid').boundingBox())!;
		const map = (await drawing.locator('[data-box=map]').boundingBox())!;
		expect((map.x - grid.x) / grid.width).toBeCloseTo(6 / 24, 1);
		expect(map.width / grid.width).toBeCloseTo(10 / 24, 1);
		expect(grid.width / grid.height).toBeCloseTo(1920 / 1080, 1);
		await admin.screenshot({ path: `${SHOTS}admin-layouts-drawing-1920x1080.png`, fullPage: true });

		// 三函 moved two columns right (and narrowed to fit): its box follows, before any save
		const before = (await drawing.locator('[data-box=letters]').boundingBox())!;
		const moved = structuredClone(layouts.overview);
		moved.panels.find((p) => p.id === 'letters')!.place = { col: 23, row: 11, w: 2, h: 2 };
		await admin.fill('textarea[name=spec]', layoutText(moved));
		await admin.waitForSelector('[data-box=letters][data-place="23,11,2,2"]');
		const after = (await drawing.locator('[data-box=letters]').boundingBox())!;
		expect(after.x - before.x).toBeCloseTo((2 * grid.width) / 24, -1);
		expect(after.width).toBeLessThan(before.width * 0.6);
		expect(after.y).toBeCloseTo(before.y, 0);

		// JSON that does not parse: the message, the last good drawing kept but dimmed
		await admin.fill('textarea[name=spec]', layoutText(moved).replace('"title":', '"title" x:'));
		await admin.waitForSelector('[data-testid=layout-drawing][data-valid=no]');
		expect(await admin.textContent('[data-testid=drawing-error]')).toMatch(/^布局不是有效的 JSON（第 \d+ 个字符附近）/);
		expect(await drawing.locator('[data-box=letters]').getAttribute('data-place')).toBe('23,11,2,2');
		// JSON that parses but fails the layout check: the same words and field a save would give
		const over = structuredClone(layouts.overview);
		over.panels.find((p) => p.id === 'letters')!.place = { col: 20, row: 11, w: 4, h: 2 };
		await admin.fill('textarea[name=spec]', layoutText(over));
		await admin.waitForFunction(() => document.querySelector('[data-testid=drawing-error]')?.textContent?.includes('位置重叠'));
		expect(await admin.getAttribute('[data-testid=drawing-error]', 'data-field')).toBe('panels[10].place');
		expect(await admin.textContent('[data-testid=drawing-error]')).toContain('panels[10].place：面板 letters 与面板 escalation 位置重叠');
		await admin.screenshot({ path: `${SHOTS}admin-layouts-drawing-error-1920x1080.png`, fullPage: true });
		await admin.setViewportSize({ width: 3840, height: 2160 });
		await admin.screenshot({ path: `${SHOTS}admin-layouts-drawing-error-3840x2160.png` });
		// fixed again: drawn whole, nothing saved along the way
		await admin.fill('textarea[name=spec]', layoutText(moved));
		await admin.waitForSelector('[data-testid=layout-drawing][data-valid=yes]');
		await admin.screenshot({ path: `${SHOTS}admin-layouts-drawing-3840x2160.png` });
		await admin.setViewportSize({ width: 1920, height: 1080 });
		expect(await stored()).toEqual([]);
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

	it('moves and resizes a panel by dragging its box (or by the keyboard), writes the place into the JSON, refuses an overlap or a place off the grid; saved, the wall follows', async () => {
		await openReady(admin, `${server.url}/admin/layouts?name=hall`);
		const drawing = admin.locator('[data-testid=layout-drawing]');
		const said = admin.locator('[data-testid=place-message]');
		const spec = () => admin.inputValue('textarea[name=spec]');
		const placeOf = (id: string) => drawing.locator(`[data-box=${id}]`).getAttribute('data-place');
		await drawing.scrollIntoViewIfNeeded();
		const grid = (await drawing.locator('.grid').boundingBox())!;
		const cell = { w: grid.width / HALL.columns, h: grid.height / HALL.rows };
		/** Presses the mouse at (x, y), moves by (dx, dy) in steps, and lets go. */
		async function dragBy(x: number, y: number, dx: number, dy: number) {
			await admin.mouse.move(x, y);
			await admin.mouse.down();
			await admin.mouse.move(x + dx / 2, y + dy / 2, { steps: 4 });
			await admin.mouse.move(x + dx, y + dy, { steps: 4 });
			await admin.mouse.up();
		}
		const typed = await spec();

		// 超期预警 one row shorter by its corner handle (a little off a whole cell: it snaps)
		let box = (await drawing.locator('[data-box=overdue]').boundingBox())!;
		await dragBy(box.x + box.width - 4, box.y + box.height - 4, 0.3 * cell.w, -0.9 * cell.h);
		await admin.waitForSelector('[data-box=overdue][data-place="17,5,8,4"]');
		expect(await said.textContent()).toBe('面板 overdue 移至第 17 列第 5 行，宽 8 高 4（保存后生效）');
		// 三函 dragged one row up into the freed row: only those two places changed in the text
		box = (await drawing.locator('[data-box=letters]').boundingBox())!;
		await dragBy(box.x + box.width / 2, box.y + box.height / 2, -0.2 * cell.w, -1.1 * cell.h);
		await admin.waitForSelector('[data-box=letters][data-place="17,9,8,3"]');
		const moved = typed.replace('"place":{"col":17,"row":5,"w":8,"h":5}', '"place":{"col":17,"row":5,"w":8,"h":4}').replace('"place":{"col":17,"row":10,"w":8,"h":3}', '"place":{"col":17,"row":9,"w":8,"h":3}');
		expect(moved).not.toBe(typed);
		expect(await spec()).toBe(moved);
		expect(await drawing.getAttribute('data-valid')).toBe('yes');
		await admin.screenshot({ path: `${SHOTS}layout-editor-drag-1920x1080.png` });

		// dragged onto the map: refused in Chinese, the text and the drawing unchanged
		box = (await drawing.locator('[data-box=letters]').boundingBox())!;
		await admin.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
		await admin.mouse.down();
		await admin.mouse.move(box.x + box.width / 2 - 6 * cell.w, box.y + box.height / 2, { steps: 6 });
		expect(await drawing.locator('.ghost.refused').getAttribute('data-ghost')).toBe('11,9,8,3');
		expect(await said.textContent()).toBe('面板 letters 与面板 map 位置重叠，未移动'); // said before the drop
		await admin.screenshot({ path: `${SHOTS}layout-editor-drag-refused-1920x1080.png` });
		await admin.mouse.up();
		expect(await said.textContent()).toBe('面板 letters 与面板 map 位置重叠，未移动');
		expect(await said.getAttribute('class')).toContain('error');
		expect(await spec()).toBe(moved);
		expect(await placeOf('letters')).toBe('17,9,8,3');
		expect(await drawing.locator('.ghost').count()).toBe(0);

		// the keyboard: arrows move a focused box, Shift+arrows resize it; off the grid is refused
		await drawing.locator('[data-box=letters]').focus();
		await admin.keyboard.press('ArrowRight');
		expect(await said.textContent()).toBe('面板 letters 不能超出网格（24 列 × 12 行），未移动');
		await admin.keyboard.press('Shift+ArrowUp');
		await admin.waitForSelector('[data-box=letters][data-place="17,9,8,2"]');
		await admin.keyboard.press('ArrowDown');
		await admin.waitForSelector('[data-box=letters][data-place="17,10,8,2"]');
		await admin.keyboard.press('Shift+ArrowDown');
		await admin.keyboard.press('ArrowUp');
		await admin.waitForSelector('[data-box=letters][data-place="17,9,8,3"]');
		expect(await spec()).toBe(moved);
		expect(await stored()).toEqual(['hall']); // nothing saved along the way

		const r = await save(moved);
		expect(r.ok, r.message).toBe(true);
		const [row] = await db.sql<{ spec: { panels: { id: string; place: unknown }[] } }[]>`select spec from wall_layout where name = 'hall'`;
		expect(Object.fromEntries(row.spec.panels.map((p) => [p.id, p.place]))).toMatchObject({ overdue: { col: 17, row: 5, w: 8, h: 4 }, letters: { col: 17, row: 9, w: 8, h: 3 } });
		await openReady(admin, `${server.url}/admin/layouts?name=hall`);
		expect(await placeOf('letters')).toBe('17,9,8,3');

		// the wall: 三函 now ends a row above the map's foot, 超期预警 is a row shorter
		const page = await wall('/screen?layout=hall');
		const at = (id: string) => page.locator(`[data-panel=${id}]`).boundingBox().then((b) => b!);
		const [map, letters, overdue, volume] = [await at('map'), await at('letters'), await at('overdue'), await at('volume')];
		const rowPitch = map.height / 12;
		expect(map.y + map.height - (letters.y + letters.height)).toBeCloseTo(rowPitch, -1);
		expect(overdue.height / volume.height).toBeCloseTo(1, 1);
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
