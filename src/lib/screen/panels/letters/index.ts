import { definePanel } from '../module.ts';
import LettersPanel from './LettersPanel.svelte';

/** 三函: issued today, awaiting 签收, feedback overdue. */
export default definePanel({
	type: 'letters',
	label: '三函',
	component: LettersPanel,
	defaults: { title: '督查督办三函', w: 4, h: 2 }
});
