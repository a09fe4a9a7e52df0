import { channels } from '../../../domain/vocabulary.ts';
import { definePanel } from '../module.ts';
import { object, refuse } from '../schema.ts';
import MixPanel from './MixPanel.svelte';

/** 渠道与初重: channels, 网信占比, 初信初访 against 重复. */
export default definePanel({
	type: 'mix',
	label: '渠道与初重',
	component: MixPanel,
	defaults: { title: '本月渠道与初重', query: { period: 'month' }, options: { onlineChannels: ['online'] }, w: 6, h: 3 },
	optionsHelp: 'onlineChannels：计入网信占比的渠道代码',
	options(value, field) {
		const o = object(value, field, '选项', ['onlineChannels']);
		if (o.onlineChannels === undefined) return {};
		const list = o.onlineChannels;
		if (!Array.isArray(list) || list.length === 0 || list.length > Object.keys(channels).length) refuse(`${field}.onlineChannels`, '网信渠道应为渠道代码的列表');
		for (const [i, c] of (list as unknown[]).entries())
			if (typeof c !== 'string' || !(c in channels)) refuse(`${field}.onlineChannels[${i}]`, `不认识的渠道代码，应为 ${Object.keys(channels).join('、')} 之一`);
		return { onlineChannels: [...new Set(list as string[])] };
	}
});
