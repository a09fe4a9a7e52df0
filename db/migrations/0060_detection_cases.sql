-- Detection at the source: what registration (form, API, import) and the live simulator found about
-- an item when it arrived — 越级 by the receiving body, the repeat match with its factors and
-- reason, 群体访 by the rules' threshold (domain/detection.ts). Null on items loaded in bulk.
alter table petition_item add column detection jsonb;

-- 领导包案 managed: who opened the case, from which item, and how its outcome was recorded.
alter table lead_case
  add column created_by     integer references app_user (id),
  add column outcome_note   text check (length(outcome_note) between 1 and 1000),
  add column outcome_by     integer references app_user (id),
  add column reception_id   integer; -- a case opened at a 领导接访 day (constraint below)
alter table lead_case add constraint lead_case_title check (length(title) between 2 and 80);
alter table lead_case add constraint lead_case_plan check (length(plan) <= 2000);
create index lead_case_region on lead_case (region);

-- 领导接访 / 下访 / 约访: a leader's reception day (when, where, kind, people received).
create table reception (
  id          integer generated always as identity primary key,
  leader_id   integer not null references leader (id),
  kind        text not null check (kind in ('reception', 'visit', 'appointment')),
  at          timestamptz not null,
  place       text not null check (length(place) between 2 and 60),
  -- the region the reception belongs to (the screen's rooms are chosen from it)
  region      text not null references region (adcode),
  persons     integer not null check (persons between 1 and 10000),
  note        text not null default '' check (length(note) <= 1000),
  created_by  integer references app_user (id),
  created_at  timestamptz not null default now()
);
create index reception_region_at on reception (region, at);
-- the items taken up at the reception
create table reception_item (
  reception_id integer not null references reception (id) on delete cascade,
  item_id      bigint  not null references petition_item (id),
  primary key (reception_id, item_id)
);
alter table lead_case add constraint lead_case_reception foreign key (reception_id) references reception (id);

-- Both reach the wall through the feed like any other write: an outbox row by trigger in the
-- case's (reception's) region, so room scoping holds and the wall refetches its 包案 board.
create function lead_case_capture() returns trigger
language plpgsql as $$
declare
  cur lead_case;
begin
  if current_setting('liaowang.bulk_load', true) = 'on' then
    return null;
  end if;
  if tg_op = 'DELETE' then cur := old; else cur := new; end if;
  insert into outbox (topic, entity, entity_id, op, region_path, payload)
  select 'lead_case', 'lead_case', cur.id::text, lower(tg_op), region.path,
         jsonb_build_object('id', cur.id, 'status', cur.status, 'deadline', cur.deadline, 'leaderId', cur.leader_id,
                            'prev', case when tg_op = 'UPDATE' then jsonb_build_object('status', old.status, 'deadline', old.deadline) end)
    from region where region.adcode = cur.region;
  return null;
end $$;
create trigger lead_case_capture
  after insert or update or delete on lead_case
  for each row execute function lead_case_capture();

create function reception_capture() returns trigger
language plpgsql as $$
declare
  cur reception;
begin
  if current_setting('liaowang.bulk_load', true) = 'on' then
    return null;
  end if;
  if tg_op = 'DELETE' then cur := old; else cur := new; end if;
  insert into outbox (topic, entity, entity_id, op, region_path, payload)
  select 'reception', 'reception', cur.id::text, lower(tg_op), region.path,
         jsonb_build_object('id', cur.id, 'kind', cur.kind, 'at', cur.at, 'persons', cur.persons, 'leaderId', cur.leader_id)
    from region where region.adcode = cur.region;
  return null;
end $$;
create trigger reception_capture
  after insert or update or delete on reception
  for each row execute function reception_capture();
