import { definePanel } from '../module.ts';
import VolumePanel from './VolumePanel.svelte';

/** 信访总量: 今日/本周/本月 with 环比 and 同比. */
export default definePanel({
	type: 'volume',
	label: '信访总量',
	component: VolumePanel,
	defaults: { title: '信访总量', w: 6, h: 3 }
});
