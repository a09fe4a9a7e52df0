import type { Db, Sql } from '../db/connection.ts';

/**
 * The rollups the wall reads (rollup_daily, rollup_area, rollup_state): folded forward by each
 * stamping step (stamp.ts), rebuilt whole after a bulk load, and checked against GROUP BY.
 */

/**
 * Folds the stamped petition changes in [first, last] into the rollups: +new row, −old row
 * (an update carries the old row as `prev`; a delete is the old row).
 */
export async function applyRollups(sql: Db, first: bigint, last: bigint): Promise<void> {
	await sql`
		with change as (
			select o.payload as row, case o.op when 'delete' then -1 else 1 end as sign
			  from outbox o
			 where o.seq between ${first} and ${last} and o.topic = 'petition'
			union all
			select o.payload->'prev', -1
			  from outbox o
			 where o.seq between ${first} and ${last} and o.topic = 'petition' and o.op = 'update'
		), flat as (
			select ((row->>'receivedAt')::timestamptz at time zone 'Asia/Shanghai')::date as day,
			       row->>'region' as region, row->>'channel' as channel, row->>'category' as category,
			       sign, sign * (row->>'headcount')::integer as persons,
			       coalesce((row->>'unitId')::integer, 0) as unit_id, row->>'status' as status,
			       coalesce(row->>'light', 'none') as light,
			       sign * (coalesce((row->>'skipLevel')::boolean, false))::integer as skip_level,
			       sign * (coalesce((row->>'repeat')::boolean, false))::integer as repeats,
			       sign * ((row->>'headcount')::integer >= threshold.at)::integer as group_batches
			  from change cross join (select group_threshold() as at) threshold -- the rules' 群体访人数 (migration 0041)
		), daily as (
			insert into rollup_daily as r (day, region, channel, category, items, persons, skip_level, repeats, group_batches, group_persons)
			select day, region, channel, category, sum(sign), sum(persons), sum(skip_level), sum(repeats),
			       sum(group_batches), coalesce(sum(persons) filter (where group_batches <> 0), 0)
			  from flat
			 group by day, region, channel, category
			having sum(sign) <> 0 or sum(persons) <> 0 or sum(skip_level) <> 0 or sum(repeats) <> 0 or sum(group_batches) <> 0
			on conflict (day, region, channel, category) do update
			   set items = r.items + excluded.items, persons = r.persons + excluded.persons,
			       skip_level = r.skip_level + excluded.skip_level, repeats = r.repeats + excluded.repeats,
			       group_batches = r.group_batches + excluded.group_batches,
			       group_persons = r.group_persons + excluded.group_persons
		), area as (
			insert into rollup_area as r (adcode, dim, day, key, items, persons, skip_level, repeats, group_batches, group_persons)
			select a.adcode, x.dim, f.day, x.key, sum(f.sign), sum(f.persons), sum(f.skip_level), sum(f.repeats),
			       sum(f.group_batches), coalesce(sum(f.persons) filter (where f.group_batches <> 0), 0)
			  from flat f
			  join region g on g.adcode = f.region
			 cross join unnest(g.path) as a(adcode)
			 cross join lateral (values ('all', ''), ('channel', f.channel), ('category', f.category)) as x(dim, key)
			 group by 1, 2, 3, 4
			having sum(f.sign) <> 0 or sum(f.persons) <> 0 or sum(f.skip_level) <> 0 or sum(f.repeats) <> 0 or sum(f.group_batches) <> 0
			on conflict (adcode, dim, day, key) do update
			   set items = r.items + excluded.items, persons = r.persons + excluded.persons,
			       skip_level = r.skip_level + excluded.skip_level, repeats = r.repeats + excluded.repeats,
			       group_batches = r.group_batches + excluded.group_batches,
			       group_persons = r.group_persons + excluded.group_persons
		)
		insert into rollup_state as r (region, unit_id, status, light, items, persons)
		select region, unit_id, status, light, sum(sign), sum(persons)
		  from flat
		 group by region, unit_id, status, light
		having sum(sign) <> 0 or sum(persons) <> 0
		on conflict (region, unit_id, status, light) do update
		   set items = r.items + excluded.items, persons = r.persons + excluded.persons`;
}

/** Rebuilds every rollup from the base table in the caller's transaction (after a bulk load, which the capture trigger skips). */
export async function rebuildRollups(tx: Db): Promise<void> {
	await tx`delete from rollup_daily`;
	await tx`insert into rollup_daily select * from rollup_daily_truth`;
	await tx`delete from rollup_area`;
	// in the order the relay's days would lay the rows down: a day's rows of one dim together
	await tx`insert into rollup_area select * from rollup_area_truth order by day, dim, adcode, key`;
	await tx`delete from rollup_state`;
	await tx`insert into rollup_state select * from rollup_state_truth`;
}

export type RollupDifference = { rollup: 'daily' | 'area' | 'state'; key: string; stored: string | null; truth: string | null };

/**
 * Where the rollups and a GROUP BY over petition_item disagree (empty when all is well): the
 * check tests run after every scenario and admins run from the status page.
 */
export async function rollupDifferences(sql: Sql, limit = 20): Promise<RollupDifference[]> {
	return sql<RollupDifference[]>`
		(select 'daily' as rollup, concat_ws(' ', coalesce(r.day, t.day), coalesce(r.region, t.region), coalesce(r.channel, t.channel), coalesce(r.category, t.category)) as key,
		        case when r.day is null then null else concat_ws('/', r.items, r.persons, r.skip_level, r.repeats, r.group_batches, r.group_persons) end as stored,
		        case when t.day is null then null else concat_ws('/', t.items, t.persons, t.skip_level, t.repeats, t.group_batches, t.group_persons) end as truth
		   from (select * from rollup_daily where (items, persons, skip_level, repeats, group_batches, group_persons) <> (0, 0, 0, 0, 0, 0)) r
		   full join rollup_daily_truth t using (day, region, channel, category)
		  where (r.items, r.persons, r.skip_level, r.repeats, r.group_batches, r.group_persons)
		        is distinct from (t.items, t.persons, t.skip_level, t.repeats, t.group_batches, t.group_persons)
		  limit ${limit})
		union all
		(select 'area', concat_ws(' ', coalesce(r.adcode, t.adcode), coalesce(r.dim, t.dim), coalesce(r.day, t.day), coalesce(r.key, t.key)),
		        case when r.day is null then null else concat_ws('/', r.items, r.persons, r.skip_level, r.repeats, r.group_batches, r.group_persons) end,
		        case when t.day is null then null else concat_ws('/', t.items, t.persons, t.skip_level, t.repeats, t.group_batches, t.group_persons) end
		   from (select * from rollup_area where (items, persons, skip_level, repeats, group_batches, group_persons) <> (0, 0, 0, 0, 0, 0)) r
		   full join rollup_area_truth t using (adcode, dim, day, key)
		  where (r.items, r.persons, r.skip_level, r.repeats, r.group_batches, r.group_persons)
		        is distinct from (t.items, t.persons, t.skip_level, t.repeats, t.group_batches, t.group_persons)
		  limit ${limit})
		union all
		(select 'state', concat_ws(' ', coalesce(r.region, t.region), coalesce(r.unit_id, t.unit_id), coalesce(r.status, t.status), coalesce(r.light, t.light)),
		        case when r.region is null then null else concat_ws('/', r.items, r.persons) end,
		        case when t.region is null then null else concat_ws('/', t.items, t.persons) end
		   from (select * from rollup_state where (items, persons) <> (0, 0)) r
		   full join rollup_state_truth t using (region, unit_id, status, light)
		  where (r.items, r.persons) is distinct from (t.items, t.persons)
		  limit ${limit})`;
}
