// The parts of ECharts the wall uses, registered once (keeps the bundle small).
import { BarChart, LineChart, MapChart } from 'echarts/charts';
import { GeoComponent, GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([MapChart, LineChart, BarChart, GeoComponent, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export { echarts };
export type { EChartsCoreOption as ChartOption } from 'echarts/core';

const loading = new Map<string, Promise<void>>();

/** Registers a boundary file served from /maps/<name>.json (the national one as `china`). */
export function loadMap(name: string): Promise<void> {
	let promise = loading.get(name);
	if (!promise) {
		promise = fetch(`/maps/${name}.json`).then(async (res) => {
			if (!res.ok) throw new Error(`地图 ${name} 加载失败（${res.status}）`);
			echarts.registerMap(name, await res.json());
		});
		loading.set(name, promise);
	}
	return promise;
}
