import { definePanel } from '../module.ts';
import TickerPanel from './TickerPanel.svelte';

/** 实时动态: what just changed, one line each. */
export default definePanel({
	type: 'ticker',
	label: '实时动态',
	component: TickerPanel,
	defaults: { title: '实时动态', query: { top: 4 }, w: 10, h: 3 }
});
