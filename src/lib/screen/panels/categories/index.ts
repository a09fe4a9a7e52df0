import { definePanel } from '../module.ts';
import CategoriesPanel from './CategoriesPanel.svelte';

/** 问题类别: the top categories of a period. */
export default definePanel({
	type: 'categories',
	label: '问题类别',
	component: CategoriesPanel,
	defaults: { title: '本月问题类别', query: { period: 'month', top: 6 }, w: 6, h: 3 }
});
