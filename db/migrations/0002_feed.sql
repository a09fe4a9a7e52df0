-- The change feed. Writers only insert outbox rows (here by trigger, so a row written with psql
-- reaches the screen too); the single relay stamps `seq` on rows it can see, which are exactly
-- the committed ones. Stamping at read time makes seq order commit order: a transaction that
-- commits late is stamped late, never skipped. No NOTIFY on the write path.

create table outbox (
  id         bigint generated always as identity primary key, -- write order (not commit order)
  seq        bigint unique,                                   -- feed order, stamped by the relay
  created_at timestamptz not null default clock_timestamp(),
  topic      text not null check (topic ~ '^[a-z_]+$'),
  entity     text not null,
  entity_id  text not null,
  op         text not null check (op in ('insert', 'update', 'delete')),
  -- adcodes from the province down to the region the change belongs to; rooms are chosen from it
  region_path text[] not null,
  payload    jsonb not null
);
create index outbox_pending on outbox (id) where seq is null;

-- One row: the last seq the relay stamped. Updated in the same transaction as the stamping and
-- the rollups, so rollups are always exactly "as of last_seq".
create table feed_state (
  singleton  boolean primary key default true check (singleton),
  last_seq   bigint not null default 0,
  relayed_at timestamptz
);
insert into feed_state default values;

-- Counts per local day, county, channel and category, kept by the relay; screens never
-- GROUP BY the petition table.
create table rollup_daily (
  day      date not null,
  region   text not null references region (adcode),
  channel  text not null,
  category text not null,
  -- no CHECK (>= 0) here: an upsert checks the proposed row (the delta) before it merges
  items    integer not null,
  persons  integer not null,
  primary key (day, region, channel, category)
);

-- The same figures computed from the base table: the truth rollups are checked against.
create view rollup_daily_truth as
  select (received_at at time zone 'Asia/Shanghai')::date as day, region, channel, category,
         count(*)::integer as items, sum(headcount)::integer as persons
    from petition_item
   group by 1, 2, 3, 4;

create function petition_item_feed_payload(r petition_item) returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'id', r.id, 'serial', r.serial, 'receivedAt', r.received_at, 'region', r.region,
    'channel', r.channel, 'category', r.category, 'type', r.type, 'status', r.status,
    'headcount', r.headcount, 'unitId', r.unit_id, 'skipLevel', r.skip_level,
    'repeat', r.repeat_of is not null, 'concludeDue', r.conclude_due,
    'concludedAt', r.concluded_at)
$$;

create function petition_item_capture() returns trigger
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
      'channel', old.channel, 'category', old.category, 'headcount', old.headcount));
  end if;
  insert into outbox (topic, entity, entity_id, op, region_path, payload)
  select 'petition', 'petition_item', cur.id::text, lower(tg_op), region.path, payload
    from region where region.adcode = cur.region;
  return null;
end $$;

create trigger petition_item_capture
  after insert or update or delete on petition_item
  for each row execute function petition_item_capture();
