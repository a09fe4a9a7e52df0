import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { can, regionInScope } from '$lib/domain/access.ts';
import { addDays, localDate } from '$lib/domain/deadlines.ts';
import { rateLabels, type RateName } from '$lib/domain/rates.ts';
import { loadClockConfig } from '$lib/server/clocks/config.ts';
import { runtime } from '$lib/server/runtime.ts';
import { rateItems, ratesReport } from '$lib/server/work/rates.ts';
import { adcode, validate } from '$lib/validation.ts';

const date = (label: string) => v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, `${label}应为 YYYY-MM-DD`), v.check((s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().slice(0, 10) === s, `${label}不是有效日期`));
const Query = v.object({
	from: v.optional(date('开始日期')),
	to: v.optional(date('结束日期')),
	region: v.optional(adcode('地区')),
	by: v.optional(v.picklist(Object.keys(rateLabels) as RateName[], '排名指标无效'), 'onTimeConclusion')
});

/** The rates units are judged by, for a period and region, split 党委/行政, with the league table. */
export async function load({ locals, url }) {
	const user = locals.user!;
	if (!can(user, 'items.view')) error(403, '您的账号无权查看考核指标');
	const repeated = [...new Set(url.searchParams.keys())].find((k) => url.searchParams.getAll(k).length > 1);
	if (repeated) error(400, `参数 ${repeated.slice(0, 40)} 重复`);
	const query = validate(Query, Object.fromEntries(url.searchParams));
	if (!query.ok) error(400, `${query.message}（参数 ${query.field}）`);
	const now = new Date();
	const today = localDate(now);
	const from = query.data.from ?? `${today.slice(0, 7)}-01`;
	const to = query.data.to ?? today;
	if (from > to) error(400, '开始日期不能晚于结束日期（参数 from）');
	if (addDays(from, 366) < to) error(400, '统计区间不能超过一年（参数 to）');
	const region = query.data.region ?? user.scope;
	if (!regionInScope(user.scope, region)) error(404, '该地区不在您的权限范围内');
	const { sql } = runtime();
	const config = await loadClockConfig(sql);
	const [regionRow] = await sql<{ name: string }[]>`select name from region where adcode = ${region}`;
	if (!regionRow) error(404, '没有该地区');
	const period = { from, to };
	const started = performance.now();
	const items = await rateItems(sql, user, region, period);
	const report = ratesReport(items, period, now, config, query.data.by);
	return {
		period,
		region: { adcode: region, name: regionRow.name },
		by: query.data.by,
		labels: rateLabels,
		...report,
		items: items.length,
		ms: Math.round(performance.now() - started),
		rulesVersion: config.version
	};
}
