import { definePanel } from '../module.ts';
import OverduePanel from './OverduePanel.svelte';

/** 超期预警: counts by light, units with most overdue, oldest overdue items. */
export default definePanel({
	type: 'overdue',
	label: '超期预警',
	component: OverduePanel,
	defaults: { title: '超期预警', query: { top: 3 }, w: 8, h: 3 }
});
