-- The lifecycle of an item as moved by the people and systems that do the work (issue 13).

-- 信访处理意见 has four kinds: 部分支持 was missing
alter table petition_item drop constraint if exists petition_item_outcome_check;
alter table petition_item add constraint petition_item_outcome_check
  check (outcome in ('support', 'partial', 'explain', 'reject'));

alter table petition_item
  -- the text of the 信访处理意见 (or the 不予受理 / 不再受理 reason)
  add column decision_text text check (length(decision_text) between 1 and 2000),
  -- 告知 date of a 不予受理 / 不再受理
  add column notice_on     date,
  -- 评价: when and how it was recorded (staff from the petitioner's answer, or the one-time link)
  add column evaluated_at  timestamptz,
  -- (items evaluated before this migration, and the demo generator's, carry no date)
  add column evaluated_via text check (evaluated_via in ('staff', 'link')),
  add check (evaluated_at is null or satisfaction is not null);

-- 单位负责人: a unit account that may approve its own unit's extensions (第33条 "本行政机关负责人").
-- Set by an administrator; only unit accounts can carry it.
alter table app_user add column unit_head boolean not null default false;
alter table app_user add check (not unit_head or role = 'unit');

-- 申请延期: asked by the handling unit, decided by its head or the 信访部门
create table extension_request (
  id           bigint generated always as identity primary key,
  item_id      bigint not null references petition_item (id) on delete cascade,
  days         integer not null check (days between 1 and 30),
  reason       text not null check (length(reason) between 1 and 500),
  requested_by text not null check (length(requested_by) between 1 and 60),
  requested_at timestamptz not null,
  decided_at   timestamptz check (decided_at is null or decided_at >= requested_at),
  decided_by   text check (length(decided_by) between 1 and 60),
  approved     boolean,
  check ((decided_at is null) = (approved is null) and (decided_at is null) = (decided_by is null))
);
-- at most one open request per item
create unique index extension_request_open on extension_request (item_id) where decided_at is null;

-- the decision texts of 复查 / 复核
alter table appeal add column decision_text text check (length(decision_text) between 1 and 2000);

-- an upstream sender's event ids: the same event twice gets the first answer again
create table transition_receipt (
  sender     text not null check (length(sender) between 1 and 60),
  event_id   text not null check (length(event_id) between 1 and 100),
  item_id    bigint not null references petition_item (id) on delete cascade,
  action     text not null,
  answer     jsonb not null,
  created_at timestamptz not null default now(),
  primary key (sender, event_id)
);

-- 评价 by the petitioner: a one-time link (only the SHA-256 of its token is kept)
create table evaluation_link (
  token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
  item_id    bigint not null references petition_item (id) on delete cascade,
  created_by text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null check (expires_at > created_at),
  used_at    timestamptz
);
create index evaluation_link_item on evaluation_link (item_id);
