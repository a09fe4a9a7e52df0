import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { regionInScope, type Principal } from '$lib/domain/access.ts';
import { categories, channels, codesOf } from '$lib/domain/vocabulary.ts';
import { queues, type Filters, type Queue } from '$lib/server/work/queues.ts';
import { adcode, text, validate } from '$lib/validation.ts';

const optional = <T extends v.GenericSchema>(schema: T) => v.optional(v.union([v.literal(''), schema]));

const Query = v.object({
	queue: v.optional(v.picklist(Object.keys(queues) as Queue[], '队列参数无效'), 'red'),
	region: optional(adcode('地区')),
	unit: optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,8}$/, '承办单位参数应为正整数'), v.transform(Number))),
	category: optional(v.picklist(codesOf(categories) as string[], '类别参数无效')),
	channel: optional(v.picklist(codesOf(channels) as string[], '渠道参数无效')),
	q: optional(text('搜索内容', 60)),
	page: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,3}$/, '页码应为 1–9999 的整数'), v.transform(Number)), '1')
});

/** The workspace's query string, validated: one value per parameter, a region inside the scope. */
export function readQuery(url: URL, user: Principal): { queue: Queue; filters: Filters; page: number } {
	const repeated = [...new Set(url.searchParams.keys())].find((k) => url.searchParams.getAll(k).length > 1);
	if (repeated) error(400, `参数 ${repeated.slice(0, 40)} 重复`);
	const known = new Set([...Object.keys(Query.entries), 'format']);
	const unknown = [...url.searchParams.keys()].find((k) => !known.has(k));
	if (unknown) error(400, `不认识的参数 ${unknown.slice(0, 40)}`);
	const { format: _, ...params } = Object.fromEntries(url.searchParams);
	const query = validate(Query, params);
	if (!query.ok) error(400, `${query.message}（参数 ${query.field}）`);
	const { queue, region, unit, category, channel, q, page } = query.data;
	if (region && !regionInScope(user.scope, region)) error(404, '该地区不在您的权限范围内');
	return {
		queue,
		page,
		filters: { region: region || null, unitId: typeof unit === 'number' ? unit : null, category: category || null, channel: channel || null, q: q || null }
	};
}
