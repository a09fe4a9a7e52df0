import { definePanel } from '../module.ts';
import MapPanel from './MapPanel.svelte';

/** 地图: volume by region, overdue, group visits and 越级 flows; click to drill down. */
export default definePanel({
	type: 'map',
	label: '地图',
	component: MapPanel,
	defaults: { title: '信访量分布', w: 10, h: 9 }
});
