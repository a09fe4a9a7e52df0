-- Wider rollups, kept by the relay in the same batch as it publishes, so the wall's escalation
-- and status figures never GROUP BY the petition table either.

-- escalation counts per day/county/channel/category: 越级, 重复, 群体 (5 or more people, the
-- regulation's definition of a group visit: batches and persons)
alter table rollup_daily
  add column skip_level     integer not null default 0,
  add column repeats        integer not null default 0,
  add column group_batches  integer not null default 0,
  add column group_persons  integer not null default 0;

create or replace view rollup_daily_truth as
  select (received_at at time zone 'Asia/Shanghai')::date as day, region, channel, category,
         count(*)::integer as items, sum(headcount)::integer as persons,
         count(*) filter (where skip_level)::integer as skip_level,
         count(*) filter (where repeat_of is not null)::integer as repeats,
         count(*) filter (where headcount >= 5)::integer as group_batches,
         coalesce(sum(headcount) filter (where headcount >= 5), 0)::integer as group_persons
    from petition_item
   group by 1, 2, 3, 4;

-- where the work stands now: items by county, responsible unit (0: none yet) and status
create table rollup_state (
  region   text not null references region (adcode),
  unit_id  integer not null,
  status   text not null,
  items    integer not null,
  persons  integer not null,
  primary key (region, unit_id, status)
);

create view rollup_state_truth as
  select region, coalesce(unit_id, 0) as unit_id, status, count(*)::integer as items, sum(headcount)::integer as persons
    from petition_item
   group by 1, 2, 3;

-- the previous row now carries what the new rollups need to undo it
create or replace function petition_item_capture() returns trigger
language plpgsql as $$
declare
  cur petition_item;
  payload jsonb;
begin
  -- bulk loads (the demo generator) rebuild rollups in one pass instead
  if current_setting('liaowang.bulk_load', true) = 'on' then
    return null;
  end if;
  if tg_op = 'DELETE' then cur := old; else cur := new; end if;
  payload := petition_item_feed_payload(cur);
  if tg_op = 'UPDATE' then
    if new is not distinct from old then
      return null;
    end if;
    payload := payload || jsonb_build_object('prev', jsonb_build_object(
      'status', old.status, 'region', old.region, 'receivedAt', old.received_at,
      'channel', old.channel, 'category', old.category, 'headcount', old.headcount,
      'unitId', old.unit_id, 'skipLevel', old.skip_level, 'repeat', old.repeat_of is not null));
  end if;
  insert into outbox (topic, entity, entity_id, op, region_path, payload)
  select 'petition', 'petition_item', cur.id::text, lower(tg_op), region.path, payload
    from region where region.adcode = cur.region;
  return null;
end $$;

-- existing databases: bring the new figures in line with the base table once
update rollup_daily r
   set skip_level = t.skip_level, repeats = t.repeats, group_batches = t.group_batches, group_persons = t.group_persons
  from rollup_daily_truth t
 where (r.day, r.region, r.channel, r.category) = (t.day, t.region, t.channel, t.category);
insert into rollup_state select * from rollup_state_truth;
