import { definePanel } from '../module.ts';
import TrendPanel from './TrendPanel.svelte';

/** 走势: items per day over 7–90 days. */
export default definePanel({
	type: 'trend',
	label: '走势',
	component: TrendPanel,
	defaults: { title: '近30日走势', query: { days: 30 }, w: 6, h: 3 }
});
