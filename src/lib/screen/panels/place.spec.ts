import { describe, expect, it } from 'vitest';
import { layoutText, parseLayoutText } from './check.ts';
import { layouts } from './layouts.ts';
import { checkPlace, jsonValueSpan, withPlace } from './place.ts';

const overview = layouts.overview;
const at = (id: string) => overview.panels.find((p) => p.id === id)!.place;

describe('checkPlace', () => {
	it('accepts a panel where it is, or moved into free cells', () => {
		expect(checkPlace(overview, 'letters', at('letters'))).toEqual({ ok: true });
		expect(checkPlace(overview, 'letters', { ...at('letters'), w: at('letters').w - 1, col: at('letters').col + 1 })).toEqual({ ok: true });
	});

	it('refuses a place over another panel, naming both', () => {
		const r = checkPlace(overview, 'letters', at('map'));
		expect(r).toEqual({ ok: false, message: '面板 letters 与面板 map 位置重叠，未移动' });
	});

	it.each([
		{ col: 0, row: 1, w: 2, h: 2 },
		{ col: 24, row: 1, w: 2, h: 2 },
		{ col: 1, row: 12, w: 1, h: 2 },
		{ col: 1, row: 0, w: 1, h: 1 }
	])('refuses a place off the 24×12 grid: %o', (place) => {
		expect(checkPlace(overview, 'letters', place)).toEqual({ ok: false, message: '面板 letters 不能超出网格（24 列 × 12 行），未移动' });
	});

	it('refuses a box of no width', () => {
		expect(checkPlace(overview, 'letters', { ...at('letters'), w: 0 })).toMatchObject({ ok: false, message: '面板 letters 的宽、高至少为 1 格' });
	});
});

describe('withPlace', () => {
	it("changes only that panel's place in the editor's text", () => {
		const text = layoutText(overview);
		const i = overview.panels.findIndex((p) => p.id === 'letters');
		const out = withPlace(text, i, { col: 23, row: 11, w: 2, h: 2 });
		const want = structuredClone(overview);
		want.panels[i].place = { col: 23, row: 11, w: 2, h: 2 };
		expect(out).toBe(layoutText(want));
	});

	it('keeps text as typed around it: spacing, key order, escapes, a later repeated key', () => {
		const text = '{ "panels" : [ {"id":"a\\"}","place" : { "col": 1 } } ,\n {"place": 5, "id": "b", "place":{"col":2,"row":1,"w":1,"h":1}, "x": [1, {"y": "]"}]} ] }';
		const out = withPlace(text, 1, { col: 3, row: 2, w: 1, h: 1 });
		expect(out).toBe(text.replace('{"col":2,"row":1,"w":1,"h":1}', '{"col":3,"row":2,"w":1,"h":1}'));
		expect(withPlace(text, 0, { col: 9, row: 9, w: 9, h: 9 })).toContain('"place" : {"col":9,"row":9,"w":9,"h":9} }');
	});

	it('keeps a version 1 layout as typed, and what it gives still passes the check', () => {
		const { version: _, ...old } = structuredClone(overview);
		const text = JSON.stringify(old, null, 4);
		const i = old.panels.findIndex((p) => p.id === 'letters');
		const out = withPlace(text, i, { col: 23, row: 11, w: 2, h: 2 });
		expect(out).not.toContain('"version"');
		const checked = parseLayoutText(out);
		expect(checked.ok && checked.layout.panels[i].place).toEqual({ col: 23, row: 11, w: 2, h: 2 });
	});

	it('finds nothing in text that does not parse', () => {
		expect(jsonValueSpan('{"panels": [', ['panels'])).toBeNull();
		expect(jsonValueSpan('{"panels": []}', ['panels', 0, 'place'])).toBeNull();
	});
});
