import { describe, expect, it } from 'vitest';
import { checkLayout, defaultPanel, layoutText, parseLayoutText } from './check.ts';
import { panelModules } from './modules.ts';
import { layouts } from './layouts.ts';

const base = () => structuredClone(layouts.overview) as unknown as Record<string, unknown> & { panels: Record<string, unknown>[] };
const refusal = (input: unknown) => {
	const result = checkLayout(input);
	if (result.ok) throw new Error('expected a refusal');
	return { field: result.field, message: result.message };
};

describe('panel modules', () => {
	it.each(panelModules.map((m) => [m.type, m]))('%s: a new panel from its defaults passes the check as it is', (_, module) => {
		const layout = { ...structuredClone(layouts.overview), panels: [defaultPanel(module)] };
		expect(checkLayout(layout)).toEqual({ ok: true, layout });
	});

	it('have unique types and Chinese labels', () => {
		expect(new Set(panelModules.map((m) => m.type)).size).toBe(panelModules.length);
		for (const m of panelModules) expect(m.label).toMatch(/[\u4e00-\u9fff]/);
	});
});

describe('checkLayout', () => {
	it.each(Object.keys(layouts))('accepts the built-in layout %s unchanged', (name) => {
		const result = checkLayout(structuredClone(layouts[name]));
		expect(result).toEqual({ ok: true, layout: layouts[name] });
	});

	it('trims titles and drops duplicate channels', () => {
		const l = base();
		l.title = '  总览  ';
		const mix = l.panels.find((p) => p.type === 'mix')!;
		mix.options = { onlineChannels: ['online', 'online', 'mailbox'] };
		const result = checkLayout(l);
		expect(result.ok && result.layout.title).toBe('总览');
		expect(result.ok && result.layout.panels.find((p) => p.type === 'mix')!.options).toEqual({ onlineChannels: ['online', 'mailbox'] });
	});

	it('refuses what is not a layout object', () => {
		expect(refusal(null)).toEqual({ field: '', message: '布局应为对象' });
		expect(refusal([])).toEqual({ field: '', message: '布局应为对象' });
		expect(refusal('overview').message).toBe('布局应为对象');
	});

	it.each([
		['version', 1, 'version'], // an old one is migrated first (loadLayout), never checked as it is
		['version', undefined, 'version'],
		['name', 'Overview', 'name'],
		['name', '1wall', 'name'],
		['name', 'a'.repeat(33), 'name'],
		['title', '', 'title'],
		['title', '一二三四五六七八九十一二三', 'title'],
		['title', '总\u200b览', 'title'],
		['title', '总\ud800览', 'title'], // a lone surrogate (a 500 before)
		['title', '\udfff', 'title'],
		['name', 'constructor', 'name'], // on every object: a lookup by name would find it
		['name', '__proto__', 'name'],
		['width', 100, 'width'],
		['width', 1920.5, 'width'],
		['height', '1080', 'height'],
		['columns', 0, 'columns'],
		['rows', 49, 'rows'],
		['panels', [], 'panels'],
		['panels', 'map', 'panels']
	])('refuses %s = %j, naming the field', (key, value, field) => {
		const l = base();
		l[key] = value;
		const r = refusal(l);
		expect(r.field).toBe(field);
		expect(r.message).toMatch(/[\u4e00-\u9fff]/);
	});

	it('refuses an unknown field at any depth, naming it', () => {
		expect(refusal({ ...base(), theme: 'light' })).toEqual({ field: 'theme', message: '布局不应有字段 theme' });
		const l = base();
		l.panels[2].colour = 'red';
		expect(refusal(l).field).toBe('panels[2].colour');
		const m = base();
		(m.panels[0].place as Record<string, unknown>).z = 1;
		expect(refusal(m).field).toBe('panels[0].place.z');
	});

	it('refuses an unknown panel type, a bad id or a missing title', () => {
		const t = base();
		t.panels[1].type = 'weather';
		expect(refusal(t)).toMatchObject({ field: 'panels[1].type' });
		const i = base();
		i.panels[1].id = 'Trend 1';
		expect(refusal(i)).toMatchObject({ field: 'panels[1].id' });
		const n = base();
		delete n.panels[1].title;
		expect(refusal(n)).toEqual({ field: 'panels[1].title', message: '请填写面板标题' });
	});

	it('keeps every panel on the grid', () => {
		const c = base();
		c.panels[0].place = { col: 0, row: 1, w: 1, h: 1 };
		expect(refusal(c)).toMatchObject({ field: 'panels[0].place.col' });
		const w = base();
		w.panels[0].place = { col: 20, row: 1, w: 6, h: 1 }; // 20 + 6 − 1 = 25 > 24 columns
		expect(refusal(w)).toEqual({ field: 'panels[0].place.w', message: '宽度（列数）应在 1 到 5 之间' });
		const h = base();
		h.panels[0].place = { col: 1, row: 12, w: 1, h: 2 };
		expect(refusal(h)).toMatchObject({ field: 'panels[0].place.h' });
		const missing = base();
		missing.panels[0].place = { col: 1, row: 1, w: 2 };
		expect(refusal(missing)).toMatchObject({ field: 'panels[0].place.h', message: '高度（行数）应为整数' });
	});

	it('refuses panels over one another, naming both', () => {
		const l = base();
		l.panels[1].place = { col: 6, row: 3, w: 2, h: 2 }; // over volume (1..6 × 1..3)
		expect(refusal(l)).toEqual({ field: 'panels[1].place', message: '面板 trend 与面板 volume 位置重叠' });
	});

	it('accepts panels that only touch', () => {
		const l = base();
		l.panels = [
			{ id: 'a', type: 'volume', title: '甲', place: { col: 1, row: 1, w: 12, h: 12 } },
			{ id: 'b', type: 'trend', title: '乙', place: { col: 13, row: 1, w: 12, h: 12 } }
		];
		expect(checkLayout(l).ok).toBe(true);
	});

	it('refuses duplicate ids and a second map', () => {
		const dup = base();
		dup.panels[1].id = 'volume';
		expect(refusal(dup)).toEqual({ field: 'panels[1].id', message: '面板编号 volume 重复' });
		const maps = base();
		maps.panels = [
			{ id: 'a', type: 'map', title: '甲', place: { col: 1, row: 1, w: 12, h: 12 } },
			{ id: 'b', type: 'map', title: '乙', place: { col: 13, row: 1, w: 12, h: 12 } }
		];
		expect(refusal(maps)).toEqual({ field: 'panels', message: '一个布局至多一个地图面板' });
	});

	it('checks each query field', () => {
		const cases: [Record<string, unknown>, string][] = [
			[{ period: 'year' }, 'panels[0].query.period'],
			[{ days: 6 }, 'panels[0].query.days'],
			[{ days: 91 }, 'panels[0].query.days'],
			[{ top: -1 }, 'panels[0].query.top'],
			[{ top: 2.5 }, 'panels[0].query.top'],
			[{ limit: 3 }, 'panels[0].query.limit']
		];
		for (const [query, field] of cases) {
			const l = base();
			l.panels[0].query = query;
			expect(refusal(l).field, JSON.stringify(query)).toBe(field);
		}
		const ok = base();
		ok.panels[0].query = { period: 'week', days: 7, top: 0 };
		expect(checkLayout(ok).ok).toBe(true);
	});

	it('checks the options a panel type has, and refuses options on one that has none', () => {
		const rates = base();
		const r = rates.panels.find((p) => p.type === 'rates')!;
		r.options = { targets: { satisfaction: 90 } };
		expect(refusal(rates)).toMatchObject({ field: `panels[${rates.panels.indexOf(r)}].options.targets.satisfaction` });
		r.options = { targets: { happiness: 0.9 } };
		expect(refusal(rates).field).toMatch(/options\.targets\.happiness$/);
		const mix = base();
		const m = mix.panels.find((p) => p.type === 'mix')!;
		m.options = { onlineChannels: ['online', 'pigeon'] };
		expect(refusal(mix).field).toMatch(/options\.onlineChannels\[1\]$/);
		m.options = { onlineChannels: [] };
		expect(refusal(mix).field).toMatch(/options\.onlineChannels$/);
		const none = base();
		none.panels[0].options = { colour: 'red' };
		expect(refusal(none)).toEqual({ field: 'panels[0].options', message: '信访总量面板没有选项' });
	});
});

describe('layoutText / parseLayoutText', () => {
	it.each(Object.keys(layouts))('round-trips %s, one panel per line', (name) => {
		const text = layoutText(layouts[name]);
		expect(text.split('\n').filter((line) => line.includes('"place"'))).toHaveLength(layouts[name].panels.length);
		expect(parseLayoutText(text)).toEqual({ ok: true, layout: layouts[name] });
	});

	it('reports a syntax error in Chinese, with where it is', () => {
		const result = parseLayoutText('{"name": "a",, }');
		expect(result).toMatchObject({ ok: false, field: 'spec' });
		expect(!result.ok && result.message).toMatch(/^布局不是有效的 JSON/);
	});
});
