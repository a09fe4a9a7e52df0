import * as v from 'valibot';
import { validate } from '../../validation.ts';
import { DEFAULT_LAYOUT } from '../../screen/panels/layouts.ts';

const ADCODE = /^[1-9][0-9]{5}$/;

/** The wall's address parameters; the layout names are this deployment's (built-in and local). */
const querySchema = (names: string[]) => v.object({
	region: v.optional(v.pipe(v.string(), v.regex(ADCODE, '地区应为 6 位行政区划代码'))),
	layout: v.optional(v.picklist(names, `布局应为 ${names.join('、')} 之一`)),
	carousel: v.optional(
		v.pipe(
			v.string(),
			v.check((s) => s === 'areas' || s.split(',').every((a) => ADCODE.test(a)), '轮播地区应为 areas 或逗号分隔的行政区划代码'),
			v.check((s) => s.split(',').length <= 50, '轮播地区不能超过 50 个')
		)
	),
	layouts: v.optional(v.pipe(v.string(), v.check((s) => s.split(',').every((n) => names.includes(n)), `轮播布局应为 ${names.join('、')} 中的名称`))),
	dwell: v.optional(v.pipe(v.string(), v.regex(/^\d{1,4}$/, '停留秒数应为整数'), v.transform(Number), v.minValue(10, '停留秒数不能少于 10'), v.maxValue(3600, '停留秒数不能超过 3600'))),
	reload: v.optional(v.pipe(v.string(), v.check((s) => s === 'off' || /^([01]\d|2[0-3]):[0-5]\d$/.test(s), '定时刷新时间应为 HH:MM 或 off'))),
	bench: v.optional(v.literal('1', 'bench 只能为 1')),
	// the full wall on a phone: without it a leader's narrow screen is taken to /m (手机版态势)
	full: v.optional(v.literal('1', 'full 只能为 1'))
});
const KEYS = Object.keys(querySchema([]).entries);

export type WallSettings = { region: string | null; layout: string; carousel: string[] | 'areas' | null; layouts: string[]; dwell: number; reload: string | null };

/** The wall's URL settings, validated: an error names the parameter in Chinese. */
export function wallSettings(url: URL, names: string[]): { ok: true; settings: WallSettings } | { ok: false; message: string } {
	const repeated = [...new Set(url.searchParams.keys())].find((k) => url.searchParams.getAll(k).length > 1);
	if (repeated) return { ok: false, message: `参数 ${repeated.slice(0, 40)} 重复` };
	const unknown = [...url.searchParams.keys()].find((k) => !KEYS.includes(k));
	if (unknown) return { ok: false, message: `不认识的参数 ${unknown.slice(0, 40)}` };
	const query = validate(querySchema(names), Object.fromEntries(url.searchParams));
	if (!query.ok) return { ok: false, message: `${query.message}（参数 ${query.field}）` };
	const q = query.data;
	const layout = q.layout ?? DEFAULT_LAYOUT;
	return {
		ok: true,
		settings: {
			region: q.region ?? null,
			layout,
			carousel: q.carousel === undefined ? null : q.carousel === 'areas' ? 'areas' : q.carousel.split(','),
			layouts: q.layouts ? q.layouts.split(',') : [layout],
			dwell: q.dwell ?? 45,
			reload: q.reload === 'off' ? null : (q.reload ?? '03:30')
		}
	};
}
