import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { can, regionInScope } from '$lib/domain/access.ts';
import { rateLabels, type RateName } from '$lib/domain/rates.ts';
import { regionGroups, regionPath } from '$lib/domain/region-tree.ts';
import { loadClockConfig } from '$lib/server/clocks/config.ts';
import { runtime } from '$lib/server/runtime.ts';
import { isoDate, periodOf, refuseRepeated } from '$lib/server/work/period.ts';
import { regionsInScope } from '$lib/server/work/pickers.ts';
import { ratesFor } from '$lib/server/work/rates.ts';
import { adcode, validate } from '$lib/validation.ts';

const Query = v.object({
	from: v.optional(isoDate('开始日期')),
	to: v.optional(isoDate('结束日期')),
	region: v.optional(adcode('地区')),
	by: v.optional(v.picklist(Object.keys(rateLabels) as RateName[], '排名指标无效'), 'onTimeConclusion')
});

/** The rates units are judged by, for a period and region, split 党委/行政, with the league table. */
export async function load({ locals, url }) {
	const user = locals.user!;
	if (!can(user, 'items.view')) error(403, '您的账号无权查看考核指标');
	refuseRepeated(url);
	const query = validate(Query, Object.fromEntries(url.searchParams));
	if (!query.ok) error(400, `${query.message}（参数 ${query.field}）`);
	const now = new Date();
	const period = periodOf(query.data.from, query.data.to, now);
	const region = query.data.region ?? user.scope;
	if (!regionInScope(user.scope, region)) error(404, '该地区不在您的权限范围内');
	const started = performance.now();
	// a heavy read: on the replica where one keeps up
	const { config, regions, report } = await runtime().reads.read(async (sql) => {
		const [config, regions] = await Promise.all([loadClockConfig(sql), regionsInScope(sql, user.scope)]);
		// from the rate inputs' rollups (row by row while they are being built)
		return { config, regions, report: regions.some((r) => r.adcode === region) ? await ratesFor(sql, user, region, period, now, config, query.data.by) : null };
	});
	const regionRow = regions.find((r) => r.adcode === region);
	if (!regionRow || !report) error(404, '没有该地区');
	return {
		period,
		region: { adcode: region, name: regionRow.name, path: regionPath(regions, region) },
		regions: regionGroups(regions),
		by: query.data.by,
		labels: rateLabels,
		...report,
		ms: Math.round(performance.now() - started),
		rulesVersion: config.version
	};
}
