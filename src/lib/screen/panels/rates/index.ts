import type { RateName } from '../../wall.ts';
import { definePanel } from '../module.ts';
import { object, refuse } from '../schema.ts';
import RatesPanel from './RatesPanel.svelte';

const RATE_NAMES: RateName[] = ['timelyAcceptance', 'onTimeConclusion', 'satisfaction', 'participation'];

/** 考核指标: the 三率 and 参评率 gauges against the layout's targets, and the league of child regions. */
export default definePanel({
	type: 'rates',
	label: '考核指标',
	component: RatesPanel,
	defaults: { title: '本月考核指标', query: { top: 4 }, options: { targets: { timelyAcceptance: 0.95, onTimeConclusion: 0.9, satisfaction: 0.9, participation: 0.8 } }, w: 8, h: 4 },
	optionsHelp: 'targets：各率目标（0–1，如 0.9 即 90%）',
	options(value, field) {
		const o = object(value, field, '选项', ['targets']);
		if (o.targets === undefined) return {};
		const t = object(o.targets, `${field}.targets`, '考核目标', RATE_NAMES);
		const targets: Partial<Record<RateName, number>> = {};
		for (const [name, target] of Object.entries(t)) {
			if (typeof target !== 'number' || !Number.isFinite(target) || target < 0 || target > 1) refuse(`${field}.targets.${name}`, '考核目标应为 0 到 1 之间的小数（如 0.9 即 90%）');
			targets[name as RateName] = target as number;
		}
		return { targets };
	}
});
