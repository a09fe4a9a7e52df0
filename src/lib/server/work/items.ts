import type { Principal } from '../../domain/access.ts';
import { addDays, startOfLocalDay } from '../../domain/deadlines.ts';
import type { QualityCode } from '../../domain/quality.ts';
import type { Sql } from '../db/connection.ts';

/**
 * What /items can be narrowed to. The 智能校对 page links here with a unit, a period, a region
 * and a warning kind (or `warned`: any warning), so every figure it counts opens as a list.
 */
export type ItemFilters = {
	status: string | null;
	unitId: number | null;
	region: string | null;
	from: string | null;
	to: string | null;
	warning: QualityCode | null;
	warned: boolean;
	/** 按身份证号或电话查找: the petitioners the blind index found */
	petitionerIds?: bigint[];
};

export type ItemRow = { id: number; serial: string; receivedAt: Date; regionName: string; channel: string; category: string; status: string; headcount: number; concludeDue: string | null; overdueDays: number | null };

/** A page of the items in the account's scope (a unit: its own), newest first; no personal data. */
export function listItems(sql: Sql, user: Principal, f: ItemFilters, limit: number, offset: number): Promise<ItemRow[]> {
	return sql<ItemRow[]>`
		select i.id, i.serial, i.received_at as "receivedAt", r.name as "regionName", i.channel, i.category,
		       i.status, i.headcount,
		       -- the running 办结 clock's due date as the sweeper keeps it (holidays, extensions, pauses,
		       -- 退回重办), the last one written otherwise: overdue days are counted from the same date
		       coalesce(case when i.clock = 'conclude' then i.clock_due end, i.conclude_due)::text as "concludeDue",
		       case when i.clock = 'conclude' and i.clock_due < (now() at time zone 'Asia/Shanghai')::date
		            then (now() at time zone 'Asia/Shanghai')::date - i.clock_due end as "overdueDays"
		  from petition_item i join region r on r.adcode = i.region
		 where ${user.scope} = any(r.path)
		   ${user.role === 'unit' ? sql`and i.unit_id = ${user.unitId}` : sql``}
		   ${f.status ? sql`and i.status = ${f.status}` : sql``}
		   ${f.unitId ? sql`and i.unit_id = ${f.unitId}` : sql``}
		   ${f.region ? sql`and ${f.region} = any(r.path)` : sql``}
		   ${f.from ? sql`and i.received_at >= ${startOfLocalDay(f.from)}` : sql``}
		   ${f.to ? sql`and i.received_at < ${startOfLocalDay(addDays(f.to, 1))}` : sql``}
		   ${f.warning ? sql`and exists (select 1 from item_quality_warning w where w.item_id = i.id and w.code = ${f.warning})` : sql``}
		   ${f.warned ? sql`and exists (select 1 from item_quality_warning w where w.item_id = i.id)` : sql``}
		   ${f.petitionerIds ? sql`and i.petitioner_id = any(${f.petitionerIds.map(String)}::bigint[])` : sql``}
		 order by i.received_at desc, i.id desc
		 limit ${limit} offset ${offset}`;
}

/** The name of the unit a list is narrowed to, for its heading. */
export async function unitName(sql: Sql, unitId: number): Promise<string | null> {
	const [row] = await sql<{ name: string }[]>`select name from unit where id = ${unitId}`;
	return row?.name ?? null;
}
