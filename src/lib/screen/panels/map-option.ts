import type { ChartOption } from '$lib/components/echarts.ts';
import type { Highlight } from '../apply.ts';
import type { WallSnapshot } from '../wall.ts';

const TEXT = { color: '#ffffff', textBorderColor: 'rgba(4,13,31,0.95)', textBorderWidth: 3 };

/**
 * The map's option: areas coloured by this month's volume, each labelled with its name and
 * today's count; overdue items as a labelled triangle (▲ 逾期 N), today's group visits as a
 * ripple labelled 群体, and 越级 this month as flows from the area up to the region's centre
 * (信访上行). Every status carries a word, not only a colour.
 */
export function mapOption(s: WallSnapshot, map: string, highlights: Highlight[]): ChartOption {
	const located = s.areas.filter((a) => a.center);
	const max = Math.max(10, ...s.areas.map((a) => s.monthByArea[a.adcode] ?? 0));
	const flash = new Set(highlights.map((h) => h.area));
	const up = s.region.center;
	return {
		animationDurationUpdate: 600,
		geo: {
			map,
			layoutCenter: ['50%', '50%'],
			layoutSize: '96%',
			roam: false,
			selectedMode: false,
			label: { show: false },
			itemStyle: { borderColor: '#7fd3ff', borderWidth: 1.2, areaColor: '#0e3a6e' },
			emphasis: { label: { show: false }, itemStyle: { areaColor: '#2a77c4' } }
		},
		visualMap: {
			seriesIndex: 0,
			min: 0,
			max,
			left: 8,
			bottom: 8,
			text: ['本月多', '少'],
			calculable: false,
			itemHeight: 140,
			itemWidth: 16,
			textStyle: { color: '#dcecff', fontSize: 20 },
			inRange: { color: ['#0e3a6e', '#1f6fb8', '#3fa3e0', '#f3c34a', '#ff7a45'] }
		},
		series: [
			{
				type: 'map',
				geoIndex: 0,
				data: s.areas.map((a) => ({ name: a.name, value: s.monthByArea[a.adcode] ?? 0, adcode: a.adcode }))
			},
			{
				type: 'scatter',
				coordinateSystem: 'geo',
				symbolSize: 0,
				silent: true,
				labelLayout: { hideOverlap: true },
				label: {
					show: true,
					...TEXT,
					fontSize: 20,
					formatter: (p: { data: { name: string; today: number } }) => `${p.data.name.replace(/(市|区|县)$/, '')}\n{t|今日 ${p.data.today}}`,
					rich: { t: { ...TEXT, fontSize: 20, color: '#ffcf4a' } }
				},
				data: located.map((a) => ({ name: a.name, value: a.center!, today: s.todayByArea[a.adcode] ?? 0 }))
			},
			{
				type: 'scatter',
				coordinateSystem: 'geo',
				symbol: 'triangle',
				symbolSize: (v: number[]) => 14 + Math.min(16, Math.sqrt(v[2]) * 2),
				symbolOffset: [0, 30],
				itemStyle: { color: '#ff5f56', borderColor: '#fff', borderWidth: 1.5 },
				label: { show: true, position: 'right', ...TEXT, fontSize: 20, color: '#ffb3ad', formatter: (p: { value: number[] }) => `逾期${p.value[2]}` },
				data: located.filter((a) => (s.lightsByArea[a.adcode]?.red ?? 0) > 0).map((a) => ({
					name: a.name,
					value: [...a.center!, s.lightsByArea[a.adcode].red],
					// a new overdue item: the marker swells for a few seconds
					...(flash.has(a.adcode) ? { symbolSize: 34, itemStyle: { color: '#ff5f56', borderColor: '#ffcf4a', borderWidth: 3 } } : {})
				}))
			},
			{
				type: 'effectScatter',
				coordinateSystem: 'geo',
				symbol: 'circle',
				symbolSize: 16,
				symbolOffset: [0, -34],
				rippleEffect: { scale: 3, brushType: 'stroke', period: 3 },
				itemStyle: { color: '#ffcf4a' },
				label: { show: true, position: 'top', ...TEXT, fontSize: 20, color: '#ffcf4a', formatter: (p: { value: number[] }) => `群体${p.value[2]}批` },
				data: located
					.filter((a) => (s.groupsByArea[a.adcode] ?? 0) > 0)
					.map((a) => ({ name: a.name, value: [...a.center!, s.groupsByArea[a.adcode] ?? 0] }))
			},
			{
				type: 'lines',
				coordinateSystem: 'geo',
				silent: true,
				effect: { show: true, period: 5, symbol: 'arrow', symbolSize: 10, color: '#ffcf4a' },
				lineStyle: { color: '#ffcf4a', width: 1.5, opacity: 0.55, curveness: 0.25 },
				data:
					up && s.region.level !== 'county'
						? located.filter((a) => (s.skipByArea[a.adcode] ?? 0) > 0 && (a.center![0] !== up[0] || a.center![1] !== up[1])).map((a) => ({ coords: [a.center!, up] }))
						: []
			}
		]
	};
}
