import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { can, regionInScope } from '$lib/domain/access.ts';
import { qualityCodes } from '$lib/domain/quality.ts';
import { regionGroups } from '$lib/domain/region-tree.ts';
import { runtime } from '$lib/server/runtime.ts';
import { regionsInScope } from '$lib/server/work/pickers.ts';
import { isoDate, periodOf, refuseRepeated } from '$lib/server/work/period.ts';
import { qualityByUnit, qualityTotals } from '$lib/server/work/quality.ts';
import { adcode, validate } from '$lib/validation.ts';

const Query = v.strictObject(
	{ from: v.optional(isoDate('开始日期')), to: v.optional(isoDate('结束日期')), region: v.optional(adcode('地区')) },
	'不认识的参数'
);

/** 智能校对统计: the warnings registration and import found, counted per responsible unit. */
export async function load({ locals, url }) {
	const user = locals.user!;
	if (!can(user, 'items.view')) error(403, '您的账号无权查看智能校对统计');
	refuseRepeated(url);
	const query = validate(Query, Object.fromEntries(url.searchParams));
	if (!query.ok) error(400, `${query.message}（参数 ${query.field}）`);
	const period = periodOf(query.data.from, query.data.to, new Date());
	const region = query.data.region ?? user.scope;
	if (!regionInScope(user.scope, region)) error(404, '该地区不在您的权限范围内');
	const { sql } = runtime();
	const regions = await regionsInScope(sql, user.scope);
	const regionRow = regions.find((r) => r.adcode === region);
	if (!regionRow) error(404, '没有该地区');
	const units = await qualityByUnit(sql, user, region, period);
	const totals = qualityTotals(units);
	return {
		period,
		region: { adcode: region, name: regionRow.name },
		regions: regionGroups(regions),
		units: units.slice(0, 200),
		unitCount: units.length,
		totals,
		items: units.reduce((a, u) => a + u.items, 0),
		flagged: units.reduce((a, u) => a + u.flagged, 0),
		labels: qualityCodes
	};
}
