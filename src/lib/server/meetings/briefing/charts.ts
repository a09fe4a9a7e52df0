import * as echarts from 'echarts';
import type { WallSnapshot } from '../../../screen/wall.ts';

const FONT = "'Liberation Sans', 'FandolHei', sans-serif";

/** One chart as an SVG document, drawn by ECharts on the server (no DOM: its SSR renderer). */
function svg(option: echarts.EChartsCoreOption, width: number, height: number): string {
	const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
	try {
		chart.setOption({ animation: false, textStyle: { fontFamily: FONT, fontSize: 14, color: '#000' }, ...option });
		return chart.renderToSVGString();
	} finally {
		chart.dispose();
	}
}

/** The frozen charts of a briefing: the 30-day trend and open items by light per area. */
export function briefingCharts(wall: WallSnapshot): { title: string; svg: string; width: number; height: number }[] {
	const trend = wall.trend.slice(-30);
	const names = new Map(wall.areas.map((a) => [a.adcode, a.name]));
	const areas = Object.entries(wall.lightsByArea)
		.map(([code, l]) => ({ name: names.get(code) ?? code, red: l.red, yellow: l.yellow + l.due_today }))
		.sort((a, b) => b.red - a.red || b.yellow - a.yellow)
		.slice(0, 12);
	const W = 640;
	const H = 280;
	return [
		{
			title: '近30日信访量走势',
			width: W,
			height: H,
			svg: svg(
				{
					grid: { left: 48, right: 16, top: 24, bottom: 40 },
					xAxis: { type: 'category', data: trend.map((d) => d.day.slice(5)), axisLabel: { interval: 4 } },
					yAxis: { type: 'value', minInterval: 1 },
					series: [{ type: 'line', data: trend.map((d) => d.items), symbol: 'none', lineStyle: { width: 2, color: '#1f4e9c' }, areaStyle: { color: 'rgba(31,78,156,0.12)' }, label: { show: false } }]
				},
				W,
				H
			)
		},
		{
			title: '各地区在办事项预警（逾期 / 临期及今日到期）',
			width: W,
			height: H,
			svg: svg(
				{
					grid: { left: 48, right: 16, top: 32, bottom: 56 },
					legend: { data: ['逾期', '临期及今日到期'], top: 0 },
					xAxis: { type: 'category', data: areas.map((a) => a.name), axisLabel: { interval: 0, rotate: areas.length > 6 ? 30 : 0 } },
					yAxis: { type: 'value', minInterval: 1 },
					series: [
						{ name: '逾期', type: 'bar', stack: 'l', data: areas.map((a) => a.red), itemStyle: { color: '#c0392b' } },
						{ name: '临期及今日到期', type: 'bar', stack: 'l', data: areas.map((a) => a.yellow), itemStyle: { color: '#e0a800' } }
					]
				},
				W,
				H
			)
		}
	];
}
