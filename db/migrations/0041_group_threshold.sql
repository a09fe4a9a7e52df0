-- One home for the group threshold (群体访人数): the rules in force, never a literal 5 in SQL.
-- The newest rule_set version's groupThreshold (the app validates it before storing a version);
-- 5, the statutory default, only when no usable version is stored. Callers wrap it in a scalar
-- subquery, `(select group_threshold())`, so a query evaluates it once and not per row.
create or replace function group_threshold() returns integer
language sql stable as $$
  select coalesce((
    select case when jsonb_typeof(rules->'groupThreshold') = 'number'
                 and (rules->>'groupThreshold')::numeric between 2 and 1000
                 and (rules->>'groupThreshold')::numeric = trunc((rules->>'groupThreshold')::numeric)
                then (rules->>'groupThreshold')::integer end
      from rule_set order by version desc limit 1), 5)
$$;

-- 0004's truth of the daily rollup, with the threshold from the rules (same columns, so
-- rollup_area_truth, built on it, follows)
create or replace view rollup_daily_truth as
  select (received_at at time zone 'Asia/Shanghai')::date as day, region, channel, category,
         count(*)::integer as items, sum(headcount)::integer as persons,
         count(*) filter (where skip_level)::integer as skip_level,
         count(*) filter (where repeat_of is not null)::integer as repeats,
         count(*) filter (where headcount >= (select group_threshold()))::integer as group_batches,
         coalesce(sum(headcount) filter (where headcount >= (select group_threshold())), 0)::integer as group_persons
    from petition_item
   group by 1, 2, 3, 4;

-- A rebuild of what depends on a rule (today: the group counts of rollup_daily and rollup_area
-- after groupThreshold changes), run in the background in day chunks, with progress for the
-- status page. Any node's sweeper takes a job no one has touched for a minute.
create table rollup_rebuild (
  id           bigint generated always as identity primary key,
  reason       text not null check (length(reason) between 1 and 200),
  rules_version integer,
  requested_by integer references app_user (id),
  requested_at timestamptz not null default now(),
  started_at   timestamptz,
  heartbeat_at timestamptz,
  finished_at  timestamptz,
  first_day    date,
  last_day     date,
  days_done    integer not null default 0,
  days_total   integer not null default 0,
  error        text
);
create index rollup_rebuild_open on rollup_rebuild (id) where finished_at is null;
