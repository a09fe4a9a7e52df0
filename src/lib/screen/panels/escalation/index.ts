import { definePanel } from '../module.ts';
import EscalationPanel from './EscalationPanel.svelte';

/** 越级·重复·群体 of a period. */
export default definePanel({
	type: 'escalation',
	label: '越级·重复·群体',
	component: EscalationPanel,
	defaults: { title: '本月越级·重复·群体', query: { period: 'month' }, w: 4, h: 2 }
});
