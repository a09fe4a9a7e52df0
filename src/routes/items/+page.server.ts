import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { can, regionInScope } from '$lib/domain/access.ts';
import { qualityCodes, type QualityCode } from '$lib/domain/quality.ts';
import { codesOf, statuses } from '$lib/domain/vocabulary.ts';
import { runtime } from '$lib/server/runtime.ts';
import { isoDate, refuseRepeated } from '$lib/server/work/period.ts';
import { adcode, validate } from '$lib/validation.ts';
import { listItems, unitName } from './items.server.ts';

const PAGE_SIZE = 50;

const Query = v.strictObject(
	{
		page: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,3}$/, '页码应为 1–9999 的整数'), v.transform(Number)), '1'),
		status: v.optional(v.picklist(codesOf(statuses) as string[], '状态参数无效')),
		unit: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,8}$/, '承办单位参数应为正整数'), v.transform(Number))),
		region: v.optional(adcode('地区')),
		from: v.optional(isoDate('开始日期')),
		to: v.optional(isoDate('结束日期')),
		warning: v.optional(v.picklist(Object.keys(qualityCodes) as QualityCode[], '校对提示类型无效')),
		warned: v.optional(v.literal('1', '参数 warned 只能为 1'))
	},
	'不认识的参数'
);

/** The items in the account's scope (a unit: its own), newest first, narrowed as the link asks. */
export async function load({ locals, url }) {
	const user = locals.user!;
	refuseRepeated(url);
	const query = validate(Query, Object.fromEntries(url.searchParams));
	if (!query.ok) error(400, `${query.message}（参数 ${query.field}）`);
	const { page, status, unit, region, from, to, warning, warned } = query.data;
	if (region && !regionInScope(user.scope, region)) error(404, '该地区不在您的权限范围内');
	const filters = { status: status ?? null, unitId: unit ?? null, region: region ?? null, from: from ?? null, to: to ?? null, warning: warning ?? null, warned: warned === '1' };
	const { sql } = runtime();
	const rows = await listItems(sql, user, filters, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE);
	return {
		items: rows.slice(0, PAGE_SIZE),
		page,
		hasMore: rows.length > PAGE_SIZE,
		status: filters.status,
		filters,
		unitName: filters.unitId ? await unitName(sql, filters.unitId) : null,
		warningLabel: filters.warning ? qualityCodes[filters.warning] : null,
		canRegister: can(user, 'items.register'),
		canHandle: user.role === 'supervisor' || user.role === 'unit'
	};
}
