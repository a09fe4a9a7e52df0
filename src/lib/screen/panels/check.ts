import { LAYOUT_VERSION, type Layout, type PanelSpec } from './layout.ts';
import { migrateLayout } from './migrate.ts';
import type { PanelModule } from './module.ts';
import { panelModule, panelModules } from './modules.ts';
import { integer, object, refuse, Refusal, title } from './schema.ts';

/** Why a layout was refused: the field at fault (a path such as `panels[3].place.w`) and a Chinese message. */
export type LayoutProblem = { ok: false; field: string; message: string };
export type LayoutCheck = { ok: true; layout: Layout } | LayoutProblem;

export const LAYOUT_NAME = /^[a-z][a-z0-9-]{0,31}$/;
/** A layout name: the pattern, and not a name every object already has (`constructor`): layouts are looked up by name. */
export const isLayoutName = (name: string) => LAYOUT_NAME.test(name) && !(name in Object.prototype);
const PANEL_ID = /^[a-z][a-z0-9-]{0,31}$/;
const PERIODS = ['today', 'week', 'month'];
const MAX_PANELS = 40;
const TYPES = panelModules.map((m) => m.type);

/** A new panel of a module's type, from its defaults, at the grid's top left (what the editor offers to copy). */
export function defaultPanel(module: PanelModule): PanelSpec {
	const { title, query, options, w, h } = module.defaults;
	return { id: module.type, type: module.type, title, ...(query && { query }), ...(options && { options }), place: { col: 1, row: 1, w, h } };
}

/** The panel types a layout may use, with their Chinese names, options and a new panel of each (for the editor's help text). */
export const panelTypeList = panelModules.map((m) => ({ type: m.type, label: m.label, options: m.optionsHelp ?? null, example: JSON.stringify(defaultPanel(m)) }));

function checkQuery(value: unknown, field: string): PanelSpec['query'] {
	if (value === undefined) return undefined;
	const q = object(value, field, '查询', ['period', 'days', 'top']);
	const query: NonNullable<PanelSpec['query']> = {};
	if (q.period !== undefined) {
		if (typeof q.period !== 'string' || !PERIODS.includes(q.period)) refuse(`${field}.period`, '统计时段应为 today、week 或 month');
		query.period = q.period as 'today' | 'week' | 'month';
	}
	if (q.days !== undefined) query.days = integer(q.days, `${field}.days`, '走势天数', 7, 90);
	if (q.top !== undefined) query.top = integer(q.top, `${field}.top`, '列表行数', 0, 20);
	return query;
}

function checkOptions(type: string, value: unknown, field: string): PanelSpec['options'] {
	if (value === undefined) return undefined;
	const module = panelModule[type];
	return module.options ? module.options(value, field) : refuse(field, `${module.label}面板没有选项`);
}

function checkPanel(value: unknown, i: number, grid: { columns: number; rows: number }): PanelSpec {
	const field = `panels[${i}]`;
	const p = object(value, field, `第 ${i + 1} 个面板`, ['id', 'type', 'title', 'query', 'options', 'place']);
	if (typeof p.id !== 'string' || !PANEL_ID.test(p.id)) refuse(`${field}.id`, '面板编号应为小写字母开头的字母、数字或连字符（至多 32 位）');
	if (typeof p.type !== 'string' || !TYPES.includes(p.type)) refuse(`${field}.type`, `面板类型应为 ${TYPES.join('、')} 之一`);
	const type = p.type as string;
	const place = object(p.place, `${field}.place`, '面板位置', ['col', 'row', 'w', 'h']);
	const col = integer(place.col, `${field}.place.col`, '起始列', 1, grid.columns);
	const row = integer(place.row, `${field}.place.row`, '起始行', 1, grid.rows);
	const w = integer(place.w, `${field}.place.w`, '宽度（列数）', 1, grid.columns - col + 1);
	const h = integer(place.h, `${field}.place.h`, '高度（行数）', 1, grid.rows - row + 1);
	const spec: PanelSpec = { id: p.id as string, type, title: title(p.title, `${field}.title`, '面板标题', 20), place: { col, row, w, h } };
	const query = checkQuery(p.query, `${field}.query`);
	if (query) spec.query = query;
	const options = checkOptions(type, p.options, `${field}.options`);
	if (options) spec.options = options;
	return spec;
}

const overlaps = (a: PanelSpec['place'], b: PanelSpec['place']) => a.col < b.col + b.w && b.col < a.col + a.w && a.row < b.row + b.h && b.row < a.row + a.h;

/**
 * A layout of the current version (see `loadLayout` for a stored or pasted one), checked whole: a known panel type for every panel,
 * every panel on the grid, none over another, ids unique, at most one map (it drives the
 * drill-down). The first fault is reported with its field; nothing partial is accepted.
 */
export function checkLayout(input: unknown): LayoutCheck {
	try {
		const l = object(input, '', '布局', ['version', 'name', 'title', 'width', 'height', 'columns', 'rows', 'panels']);
		if (l.version !== LAYOUT_VERSION) refuse('version', `布局版本应为 ${LAYOUT_VERSION}`);
		if (typeof l.name !== 'string' || !LAYOUT_NAME.test(l.name)) refuse('name', '布局名称应为小写字母开头的字母、数字或连字符（至多 32 位）');
		if (!isLayoutName(l.name as string)) refuse('name', `布局名称 ${l.name as string} 是保留字，请换一个名称`);
		const layoutTitle = title(l.title, 'title', '布局标题', 12);
		const width = integer(l.width, 'width', '画布宽度', 640, 15360);
		const height = integer(l.height, 'height', '画布高度', 360, 8640);
		const columns = integer(l.columns, 'columns', '列数', 1, 96);
		const rows = integer(l.rows, 'rows', '行数', 1, 48);
		if (!Array.isArray(l.panels) || l.panels.length === 0) refuse('panels', '布局至少要有一个面板');
		const list = l.panels as unknown[];
		if (list.length > MAX_PANELS) refuse('panels', `面板不能超过 ${MAX_PANELS} 个`);
		const panels = list.map((p, i) => checkPanel(p, i, { columns, rows }));
		const ids = new Set<string>();
		for (const [i, p] of panels.entries()) {
			if (ids.has(p.id)) refuse(`panels[${i}].id`, `面板编号 ${p.id} 重复`);
			ids.add(p.id);
			const under = panels.findIndex((q, j) => j < i && overlaps(p.place, q.place));
			if (under >= 0) refuse(`panels[${i}].place`, `面板 ${p.id} 与面板 ${panels[under].id} 位置重叠`);
		}
		if (panels.filter((p) => p.type === 'map').length > 1) refuse('panels', '一个布局至多一个地图面板');
		return { ok: true, layout: { version: LAYOUT_VERSION, name: l.name as string, title: layoutTitle, width, height, columns, rows, panels } };
	} catch (error) {
		if (error instanceof Refusal) return { ok: false, field: error.field, message: error.message };
		throw error;
	}
}

/** The layout's JSON text as the editor shows it: one panel per line, easy to rearrange. */
export function layoutText(layout: Layout): string {
	const { panels, ...head } = layout;
	const top = JSON.stringify(head, null, '\t').replace(/\n}$/, '');
	return `${top},\n\t"panels": [\n${panels.map((p) => `\t\t${JSON.stringify(p)}`).join(',\n')}\n\t]\n}`;
}

/** Parses the editor's text: a JSON syntax error is reported with its position, in Chinese. */
export function parseLayoutText(text: string): LayoutCheck {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		const at = /position (\d+)/.exec((error as Error).message)?.[1];
		return { ok: false, field: 'spec', message: `布局不是有效的 JSON${at ? `（第 ${at} 个字符附近）` : ''}` };
	}
	return loadLayout(value).check;
}

/** A layout of any known version: migrated to the current one and checked whole (`from`: the version it came as). */
export function loadLayout(input: unknown): { check: LayoutCheck; from: number | null } {
	const migrated = migrateLayout(input);
	if (!migrated.ok) return { check: migrated, from: null };
	return { check: checkLayout(migrated.value), from: migrated.from };
}
