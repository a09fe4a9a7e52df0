-- The rules of the work as data, and the clocks' lights kept on each item by the sweeper.

-- The rules table: limits with their citations, the yellow threshold, minimum league volume,
-- repeat window and matching, group threshold … One row per version; the newest applies.
create table rule_set (
  version    integer primary key check (version >= 1),
  rules      jsonb not null,
  note       text not null default '' check (length(note) <= 200),
  created_by integer references app_user (id),
  created_at timestamptz not null default now()
);

-- The State Council's holiday arrangement per year (with 调休 working weekends), editable.
create table holiday_year (
  year       integer primary key check (year between 2000 and 2100),
  holidays   date[] not null,
  workdays   date[] not null,
  verified   boolean not null default false,
  source     text not null default '' check (length(source) <= 200),
  updated_by integer references app_user (id),
  updated_at timestamptz not null default now()
);

-- dated facts the clocks need beyond 0001's
alter table petition_item
  add column rejected_at timestamptz,   -- 不予受理 notice given
  add column diverted_at timestamptz,   -- left the petition procedure (诉访分离)
  add column replied_at  timestamptz,   -- 处理意见书 delivered: starts the 复查 window
  add column closed_at   timestamptz,   -- 终结
  -- what the sweeper last computed: the running clock, its last day and its light
  add column clock       text not null default 'none',
  add column clock_due   date,
  add column light       text not null default 'none' check (light in ('green', 'yellow', 'due_today', 'red', 'paused', 'none')),
  -- when to look at the item again: the instant its light next changes by itself, or
  -- '-infinity' after a write (as soon as possible); null when only a write can change it
  add column light_at    timestamptz;
create index petition_item_light_at on petition_item (light_at) where light_at is not null;
create index petition_item_open_light on petition_item (region, light) where light in ('yellow', 'due_today', 'red');

-- approved extensions of the conclusion clock and pauses (听证), each with who, when and why
create table clock_extension (
  id          bigint generated always as identity primary key,
  item_id     bigint not null references petition_item (id) on delete cascade,
  days        integer not null check (days between 1 and 30),
  approved_by text not null check (length(approved_by) between 1 and 60),
  at          timestamptz not null,
  reason      text not null check (length(reason) between 1 and 500)
);
create index clock_extension_item on clock_extension (item_id);

create table clock_pause (
  id        bigint generated always as identity primary key,
  item_id   bigint not null references petition_item (id) on delete cascade,
  from_at   timestamptz not null,
  to_at     timestamptz check (to_at is null or to_at >= from_at),
  reason    text not null check (length(reason) between 1 and 500),
  by_name   text not null check (length(by_name) between 1 and 60)
);
create index clock_pause_item on clock_pause (item_id);

-- 复查 / 复核: requested, decided, and the decision delivered
create table appeal (
  item_id      bigint not null references petition_item (id) on delete cascade,
  kind         text not null check (kind in ('review', 'recheck')),
  requested_at timestamptz not null,
  decided_at   timestamptz check (decided_at is null or decided_at >= requested_at),
  replied_at   timestamptz check (replied_at is null or decided_at is not null),
  primary key (item_id, kind)
);

-- a write to anything a clock depends on asks the sweeper to look again at once
create function petition_item_clock_touch() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' or (new.status, new.track, new.received_at, new.routed_at, new.accepted_at, new.rejected_at,
                          new.concluded_at, new.replied_at, new.closed_at, new.diverted_at, new.extended_days)
       is distinct from (old.status, old.track, old.received_at, old.routed_at, old.accepted_at, old.rejected_at,
                         old.concluded_at, old.replied_at, old.closed_at, old.diverted_at, old.extended_days) then
    new.light_at := '-infinity';
  end if;
  return new;
end $$;
create trigger petition_item_clock_touch
  before insert or update on petition_item
  for each row execute function petition_item_clock_touch();

create function clock_fact_touch() returns trigger
language plpgsql as $$
begin
  update petition_item set light_at = '-infinity'
   where id = case when tg_op = 'DELETE' then old.item_id else new.item_id end;
  return null;
end $$;
create trigger clock_extension_touch after insert or update or delete on clock_extension for each row execute function clock_fact_touch();
create trigger clock_pause_touch after insert or update or delete on clock_pause for each row execute function clock_fact_touch();
create trigger appeal_touch after insert or update or delete on appeal for each row execute function clock_fact_touch();

-- the feed carries the light; the previous row carries it too, for the rollups
create or replace function petition_item_feed_payload(r petition_item) returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'id', r.id, 'serial', r.serial, 'receivedAt', r.received_at, 'region', r.region,
    'channel', r.channel, 'category', r.category, 'type', r.type, 'status', r.status,
    'headcount', r.headcount, 'unitId', r.unit_id, 'skipLevel', r.skip_level,
    'repeat', r.repeat_of is not null, 'concludeDue', r.conclude_due,
    'concludedAt', r.concluded_at, 'clock', r.clock, 'clockDue', r.clock_due, 'light', r.light)
$$;

create or replace function petition_item_capture() returns trigger
language plpgsql as $$
declare
  cur petition_item;
  bare petition_item;
  payload jsonb;
begin
  -- bulk loads (the demo generator) rebuild rollups in one pass instead
  if current_setting('liaowang.bulk_load', true) = 'on' then
    return null;
  end if;
  if tg_op = 'DELETE' then cur := old; else cur := new; end if;
  if tg_op = 'UPDATE' then
    -- rescheduling the sweeper's next look is bookkeeping, not a change anyone watches
    bare := new;
    bare.light_at := old.light_at;
    if bare is not distinct from old then
      return null;
    end if;
  end if;
  payload := petition_item_feed_payload(cur);
  if tg_op = 'UPDATE' then
    payload := payload || jsonb_build_object('prev', jsonb_build_object(
      'status', old.status, 'region', old.region, 'receivedAt', old.received_at,
      'channel', old.channel, 'category', old.category, 'headcount', old.headcount,
      'unitId', old.unit_id, 'skipLevel', old.skip_level, 'repeat', old.repeat_of is not null,
      'light', old.light));
  end if;
  insert into outbox (topic, entity, entity_id, op, region_path, payload)
  select 'petition', 'petition_item', cur.id::text, lower(tg_op), region.path, payload
    from region where region.adcode = cur.region;
  return null;
end $$;

-- the current state by light as well
alter table rollup_state add column light text not null default 'none';
alter table rollup_state drop constraint rollup_state_pkey;
alter table rollup_state add primary key (region, unit_id, status, light);

create or replace view rollup_state_truth as
  select region, coalesce(unit_id, 0) as unit_id, status, count(*)::integer as items, sum(headcount)::integer as persons, light
    from petition_item
   group by region, coalesce(unit_id, 0), status, light;

-- every existing item is looked at once
update petition_item set light_at = '-infinity';
