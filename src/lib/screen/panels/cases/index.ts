import { definePanel } from '../module.ts';
import CasesPanel from './CasesPanel.svelte';

/** 领导包案: totals, stuck cases and the leaders' scorecard (masked names). */
export default definePanel({
	type: 'cases',
	label: '领导包案',
	component: CasesPanel,
	defaults: { title: '领导包案', query: { top: 3 }, w: 8, h: 3 }
});
