import { LAYOUT_VERSION, type Layout } from './layout.ts';

const TARGETS = { timelyAcceptance: 0.95, onTimeConclusion: 0.9, satisfaction: 0.9, participation: 0.8 };

/** 总览: the whole situation on one 1920×1080 screen. */
const overview: Layout = {
	version: LAYOUT_VERSION,
	name: 'overview',
	title: '总览',
	width: 1920,
	height: 1080,
	columns: 24,
	rows: 12,
	panels: [
		{ id: 'volume', type: 'volume', title: '信访总量', place: { col: 1, row: 1, w: 6, h: 3 } },
		{ id: 'trend', type: 'trend', title: '近30日走势', query: { days: 30 }, place: { col: 1, row: 4, w: 6, h: 3 } },
		{ id: 'mix', type: 'mix', title: '本月渠道与初重', query: { period: 'month' }, options: { onlineChannels: ['online'] }, place: { col: 1, row: 7, w: 6, h: 3 } },
		{ id: 'categories', type: 'categories', title: '本月问题类别', query: { period: 'month', top: 6 }, place: { col: 1, row: 10, w: 6, h: 3 } },
		{ id: 'map', type: 'map', title: '信访量分布', place: { col: 7, row: 1, w: 10, h: 9 } },
		{ id: 'ticker', type: 'ticker', title: '实时动态', query: { top: 4 }, place: { col: 7, row: 10, w: 10, h: 3 } },
		{ id: 'overdue', type: 'overdue', title: '超期预警', query: { top: 3 }, place: { col: 17, row: 1, w: 8, h: 3 } },
		{ id: 'cases', type: 'cases', title: '领导包案', query: { top: 3 }, place: { col: 17, row: 4, w: 8, h: 3 } },
		{ id: 'rates', type: 'rates', title: '本月考核指标', query: { top: 2 }, options: { targets: TARGETS }, place: { col: 17, row: 7, w: 8, h: 4 } },
		{ id: 'escalation', type: 'escalation', title: '本月越级·重复·群体', query: { period: 'month' }, place: { col: 17, row: 11, w: 4, h: 2 } },
		{ id: 'letters', type: 'letters', title: '督查督办三函', place: { col: 21, row: 11, w: 4, h: 2 } }
	]
};

/** 督办: the follow-up view — overdue items, stuck cases and the league, beside the map. */
const supervision: Layout = {
	version: LAYOUT_VERSION,
	name: 'supervision',
	title: '督办',
	width: 1920,
	height: 1080,
	columns: 24,
	rows: 12,
	panels: [
		{ id: 'overdue', type: 'overdue', title: '超期预警', query: { top: 8 }, place: { col: 1, row: 1, w: 8, h: 6 } },
		{ id: 'cases', type: 'cases', title: '领导包案', query: { top: 5 }, place: { col: 1, row: 7, w: 8, h: 6 } },
		{ id: 'map', type: 'map', title: '信访量分布', place: { col: 9, row: 1, w: 8, h: 9 } },
		{ id: 'escalation', type: 'escalation', title: '今日越级·重复·群体', query: { period: 'today' }, place: { col: 9, row: 10, w: 4, h: 3 } },
		{ id: 'letters', type: 'letters', title: '督查督办三函', place: { col: 13, row: 10, w: 4, h: 3 } },
		{ id: 'rates', type: 'rates', title: '本月考核指标', query: { top: 8 }, options: { targets: TARGETS }, place: { col: 17, row: 1, w: 8, h: 6 } },
		{ id: 'volume', type: 'volume', title: '信访总量', place: { col: 17, row: 7, w: 8, h: 3 } },
		{ id: 'ticker', type: 'ticker', title: '实时动态', query: { top: 4 }, place: { col: 17, row: 10, w: 8, h: 3 } }
	]
};

/** 宽屏: a 48:9 spliced wall (three 1920×1080 screens) filled edge to edge, the map in the middle. */
const wide: Layout = {
	version: LAYOUT_VERSION,
	name: 'wide',
	title: '宽屏',
	width: 5760,
	height: 1080,
	columns: 72,
	rows: 12,
	panels: [
		{ id: 'volume', type: 'volume', title: '信访总量', place: { col: 1, row: 1, w: 12, h: 3 } },
		{ id: 'trend', type: 'trend', title: '近90日走势', query: { days: 90 }, place: { col: 1, row: 4, w: 12, h: 4 } },
		{ id: 'categories', type: 'categories', title: '本月问题类别', query: { period: 'month', top: 8 }, place: { col: 1, row: 8, w: 12, h: 5 } },
		{ id: 'mix', type: 'mix', title: '本月渠道与初重', query: { period: 'month' }, options: { onlineChannels: ['online'] }, place: { col: 13, row: 1, w: 12, h: 3 } },
		{ id: 'escalation', type: 'escalation', title: '本月越级·重复·群体', query: { period: 'month' }, place: { col: 13, row: 4, w: 6, h: 2 } },
		{ id: 'escalation-today', type: 'escalation', title: '今日越级·重复·群体', query: { period: 'today' }, place: { col: 19, row: 4, w: 6, h: 2 } },
		{ id: 'letters', type: 'letters', title: '督查督办三函', place: { col: 13, row: 6, w: 12, h: 2 } },
		{ id: 'ticker', type: 'ticker', title: '实时动态', query: { top: 7 }, place: { col: 13, row: 8, w: 12, h: 5 } },
		{ id: 'map', type: 'map', title: '信访量分布', place: { col: 25, row: 1, w: 24, h: 12 } },
		{ id: 'overdue', type: 'overdue', title: '超期预警', query: { top: 8 }, place: { col: 49, row: 1, w: 12, h: 6 } },
		{ id: 'cases', type: 'cases', title: '领导包案', query: { top: 6 }, place: { col: 49, row: 7, w: 12, h: 6 } },
		{ id: 'rates', type: 'rates', title: '本月考核指标', query: { top: 8 }, options: { targets: TARGETS }, place: { col: 61, row: 1, w: 12, h: 7 } },
		{ id: 'categories-today', type: 'categories', title: '今日问题类别', query: { period: 'today', top: 5 }, place: { col: 61, row: 8, w: 12, h: 5 } }
	]
};

/** The layouts a wall may show, by name (`?layout=`, and the carousel's `layouts=`). */
export const layouts: Record<string, Layout> = { overview, supervision, wide };
export const DEFAULT_LAYOUT = 'overview';
