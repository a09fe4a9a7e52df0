import type { ChartOption } from '$lib/components/echarts.ts';
import type { Area } from '../../wall.ts';

const COLORS = ['#0e3a6e', '#1a5a9c', '#2f86c9', '#e0b440', '#ff7a45'];

/** Five colour steps for this month's volume, from the snapshot's busiest area (rounded to a readable figure). */
export function volumeSteps(areas: Area[], monthByArea: Record<string, number>): number[] {
	let max = 10;
	for (const a of areas) max = Math.max(max, monthByArea[a.adcode] ?? 0);
	const magnitude = 10 ** Math.floor(Math.log10(max / 5));
	const step = Math.ceil(max / 5 / magnitude) * magnitude;
	return [0, step, 2 * step, 3 * step, 4 * step];
}

/** Each area's colour step: the map repaints only when one of these changes, not on every new item. */
export function stepsOf(areas: Area[], monthByArea: Record<string, number>, steps: number[]): string {
	return areas.map((a) => steps.findLastIndex((t) => (monthByArea[a.adcode] ?? 0) >= t)).join(',');
}

/**
 * The map's base: areas coloured by this month's volume step. Labels and markers are drawn over
 * it in the page (MapOverlay), so a new item changes a few text nodes, not the 4K canvas.
 */
export function mapOption(areas: Area[], map: string, steps: number[], levels: string): ChartOption {
	const level = levels.split(',').map(Number);
	return {
		animation: false,
		geo: {
			map,
			// fill the panel, keeping the region's shape, above the two legend rows (no area under a legend)
			left: 8,
			right: 8,
			top: 8,
			bottom: 80,
			roam: false,
			selectedMode: false,
			label: { show: false },
			itemStyle: { borderColor: '#7fd3ff', borderWidth: 1.2, areaColor: COLORS[0] },
			emphasis: { disabled: true }
		},
		visualMap: {
			type: 'piecewise',
			seriesIndex: 0,
			left: 4,
			bottom: 40,
			orient: 'horizontal',
			itemWidth: 18,
			itemHeight: 14,
			itemGap: 14,
			textStyle: { color: '#dcecff', fontSize: 20 },
			pieces: steps.map((t, i) => ({ value: i, label: i === 0 ? `本月 <${steps[1]}` : i === steps.length - 1 ? `≥${t}` : `${t}–${steps[i + 1] - 1}`, color: COLORS[i] }))
		},
		series: [{ type: 'map', geoIndex: 0, silent: false, data: areas.map((a, i) => ({ name: a.name, value: level[i], adcode: a.adcode })) }]
	};
}
