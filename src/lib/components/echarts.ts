// The parts of ECharts the wall uses, registered once (keeps the bundle small).
import { BarChart, EffectScatterChart, GaugeChart, LineChart, LinesChart, MapChart, PieChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
	MapChart,
	LineChart,
	BarChart,
	PieChart,
	GaugeChart,
	ScatterChart,
	EffectScatterChart,
	LinesChart,
	GeoComponent,
	GridComponent,
	LegendComponent,
	TooltipComponent,
	VisualMapComponent,
	CanvasRenderer
]);

export { echarts };
export type { EChartsCoreOption as ChartOption } from 'echarts/core';

const loading = new Map<string, Promise<void>>();

type Boundaries = { type: 'FeatureCollection'; features: { properties: { adcode: string } }[] };

/** The name a (possibly cut-down) boundary file is registered under. */
export const mapName = (file: string, only?: string) => (only ? `${file}:${only}` : file);

/**
 * Registers a boundary file served from /maps/<file>.json (the national one as `china`);
 * with `only`, just that region's feature (a county drawn alone from its city's file).
 */
export function loadMap(file: string, only?: string): Promise<void> {
	const name = mapName(file, only);
	let promise = loading.get(name);
	if (!promise) {
		promise = fetch(`/maps/${file}.json`).then(async (res) => {
			if (!res.ok) throw new Error(`地图 ${file} 加载失败（${res.status}）`);
			const geo = (await res.json()) as Boundaries;
			if (only) geo.features = geo.features.filter((f) => f.properties.adcode === only);
			echarts.registerMap(name, geo as never);
		});
		promise.catch(() => loading.delete(name)); // a failed load is tried again next time
		loading.set(name, promise);
	}
	return promise;
}
