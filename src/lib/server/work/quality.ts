import type { Principal } from '../../domain/access.ts';
import { addDays, startOfLocalDay } from '../../domain/deadlines.ts';
import type { QualityCode } from '../../domain/quality.ts';
import type { Period } from '../../domain/rates.ts';
import type { Sql } from '../db/connection.ts';

/** 智能校对 per responsible unit: items received in the period, how many drew warnings, of which kinds. */
export type UnitQuality = { unitId: number | null; unitName: string; regionName: string; items: number; flagged: number; warnings: number; byCode: Partial<Record<QualityCode, number>> };

export async function qualityByUnit(sql: Sql, user: Principal, region: string, period: Period): Promise<UnitQuality[]> {
	const start = startOfLocalDay(period.from);
	const end = startOfLocalDay(addDays(period.to, 1));
	const rows = await sql<{ unitId: number | null; unitName: string | null; regionName: string | null; items: number; flagged: number; codes: [QualityCode, number][] | null }[]>`
		with scoped as (
			select i.id, i.unit_id
			  from petition_item i join region r on r.adcode = i.region
			 where ${region} = any(r.path) and ${user.scope} = any(r.path)
			   ${user.role === 'unit' ? sql`and i.unit_id = ${user.unitId}` : sql``}
			   and i.received_at >= ${start} and i.received_at < ${end}
		), per_code as (
			select s.unit_id, w.code, count(*)::int as n
			  from scoped s join item_quality_warning w on w.item_id = s.id group by s.unit_id, w.code
		), per_unit as (
			select s.unit_id, count(*)::int as items,
			       count(*) filter (where exists (select 1 from item_quality_warning w where w.item_id = s.id))::int as flagged
			  from scoped s group by s.unit_id
		)
		select p.unit_id as "unitId", u.name as "unitName", ur.name as "regionName", p.items, p.flagged,
		       (select json_agg(json_build_array(c.code, c.n) order by c.n desc) from per_code c where c.unit_id is not distinct from p.unit_id) as codes
		  from per_unit p left join unit u on u.id = p.unit_id left join region ur on ur.adcode = u.region
		 order by p.flagged desc, p.items desc, u.name
		 limit 1000`;
	return rows.map((r) => {
		const byCode = Object.fromEntries(r.codes ?? []) as Partial<Record<QualityCode, number>>;
		return {
			unitId: r.unitId,
			unitName: r.unitName ?? '（未指定责任单位）',
			regionName: r.regionName ?? '',
			items: r.items,
			flagged: r.flagged,
			warnings: Object.values(byCode).reduce((a, b) => a + (b ?? 0), 0),
			byCode
		};
	});
}

/** Totals by kind over the units, most frequent first. */
export function qualityTotals(units: UnitQuality[]): { code: QualityCode; count: number }[] {
	const totals = new Map<QualityCode, number>();
	for (const u of units) for (const [code, n] of Object.entries(u.byCode) as [QualityCode, number][]) totals.set(code, (totals.get(code) ?? 0) + n);
	return [...totals].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}
