-- 瞭望 Liaowang: the domain schema (DOMAIN.md). Constraints live here, not only in code.

create table region (
  adcode   text primary key check (adcode ~ '^[1-9][0-9]{5}$'),
  name     text not null check (length(name) between 1 and 40),
  level    text not null check (level in ('province', 'city', 'county')),
  parent   text references region (adcode),
  -- adcodes from the province down to this region, e.g. {370000,370100,370102}
  path     text[] not null,
  center_lng double precision check (center_lng between -180 and 180),
  center_lat double precision check (center_lat between -90 and 90),
  check ((level = 'province') = (parent is null)),
  check (path[array_length(path, 1)] = adcode)
);
create index region_parent on region (parent);

-- 责任单位 / 承办单位
create table unit (
  id       integer generated always as identity primary key,
  name     text not null check (length(name) between 2 and 60),
  region   text not null references region (adcode),
  -- 党委 (party) or 行政 (government): rates are often split by this
  kind     text not null check (kind in ('party', 'government')),
  -- 信访局, 公安, 人社 … (free text, for display and grouping)
  sector   text not null,
  unique (region, name)
);
create index unit_region on unit (region);

-- 包案领导
create table leader (
  id       integer generated always as identity primary key,
  name     text not null check (length(name) between 2 and 20),
  title    text not null,
  level    text not null check (level in ('province', 'city', 'county', 'township')),
  region   text not null references region (adcode),
  unit_id  integer references unit (id)
);

-- Personal data lives apart from the items so it can be guarded and masked separately.
create table petitioner (
  id          bigint generated always as identity primary key,
  name        text not null check (length(name) between 1 and 40),
  id_number   text check (id_number ~ '^[0-9]{17}[0-9X]$'),
  phone       text check (phone ~ '^1[0-9]{10}$'),
  -- hash of the normalised identity, used for repeat matching without reading the identity
  identity_hash bytea not null unique,
  address_region text references region (adcode),
  created_at  timestamptz not null default now()
);

-- 信访事项
create table petition_item (
  id            bigint generated always as identity primary key,
  serial        text not null unique check (serial ~ '^[0-9]{6}-[0-9]{8}-[0-9]{6}$'),
  channel       text not null check (channel in ('letter', 'visit', 'online', 'phone', 'video', 'mailbox', 'hotline')),
  received_at   timestamptz not null,
  -- the county (or city) where the matter arises
  region        text not null references region (adcode),
  category      text not null check (category in (
                  'land', 'labour', 'housing', 'legal', 'rural', 'environment',
                  'health', 'education', 'civil', 'enterprise', 'discipline', 'other')),
  type          text not null check (type in ('proposal', 'complaint', 'appeal')),
  summary       text not null check (length(summary) between 1 and 2000),
  petitioner_id bigint references petitioner (id),
  headcount     integer not null default 1 check (headcount between 1 and 10000),
  unit_id       integer references unit (id),
  status        text not null default 'registered' check (status in (
                  'registered', 'routed', 'accepted', 'rejected', 'handling',
                  'concluded', 'review', 'recheck', 'closed', 'diverted')),
  -- where a 申诉求决类 item went when it left the petition procedure (诉访分离)
  track         text not null default 'petition' check (track in (
                  'petition', 'litigation', 'arbitration', 'party', 'administrative', 'duty')),
  -- escalation signals
  skip_level    boolean not null default false,   -- 越级
  repeat_of     bigint references petition_item (id), -- 重复信访: the earlier item
  -- the clocks: when each step happened and when it is due (dates are local, Asia/Shanghai)
  routed_at     timestamptz,
  route_due     date not null,
  accepted_at   timestamptz,
  accept_due    date,
  conclude_due  date,
  extended_days integer not null default 0 check (extended_days between 0 and 30),
  concluded_at  timestamptz,
  outcome       text check (outcome in ('support', 'explain', 'reject')),
  satisfaction  text check (satisfaction in ('satisfied', 'basic', 'unsatisfied')),
  updated_at    timestamptz not null default now(),
  check (routed_at is null or routed_at >= received_at),
  check (accepted_at is null or (routed_at is not null and accepted_at >= routed_at)),
  check (concluded_at is null or (accepted_at is not null and concluded_at >= accepted_at)),
  check ((outcome is null) = (concluded_at is null)),
  check (satisfaction is null or concluded_at is not null),
  check (status not in ('concluded', 'review', 'recheck', 'closed') or concluded_at is not null),
  check (status <> 'diverted' or track <> 'petition'),
  check (status = 'diverted' or track = 'petition'),
  check (status not in ('routed', 'accepted', 'handling', 'rejected') or routed_at is not null),
  check (status not in ('accepted', 'handling') or (accepted_at is not null and concluded_at is null)),
  check (status not in ('registered', 'routed', 'rejected') or concluded_at is null)
);
create index petition_item_received on petition_item (received_at);
create index petition_item_region on petition_item (region, received_at);
create index petition_item_unit on petition_item (unit_id);
create index petition_item_petitioner on petition_item (petitioner_id);
create index petition_item_repeat_of on petition_item (repeat_of) where repeat_of is not null;
create index petition_item_open on petition_item (conclude_due) where concluded_at is null;

-- Every status change: who and when.
create table petition_event (
  id          bigint generated always as identity primary key,
  item_id     bigint not null references petition_item (id) on delete cascade,
  at          timestamptz not null,
  from_status text,
  to_status   text not null,
  actor       text not null check (length(actor) between 1 and 60),
  note        text
);
create index petition_event_item on petition_event (item_id, at);

-- 领导包案: one case (一案一档) may cover several items.
create table lead_case (
  id           integer generated always as identity primary key,
  title        text not null,
  leader_id    integer not null references leader (id),
  lead_unit_id integer not null references unit (id),
  region       text not null references region (adcode),
  plan         text not null default '',
  assigned_at  timestamptz not null,
  deadline     date not null,
  status       text not null default 'resolving' check (status in ('resolving', 'resolved', 'settled')),
  resolved_at  timestamptz,
  check ((status = 'resolving') = (resolved_at is null)),
  check (resolved_at is null or resolved_at >= assigned_at),
  check (deadline >= (assigned_at at time zone 'Asia/Shanghai')::date)
);
create table lead_case_item (
  case_id integer not null references lead_case (id) on delete cascade,
  item_id bigint  not null references petition_item (id),
  primary key (case_id, item_id)
);
-- 稳控单位 / co-units
create table lead_case_unit (
  case_id integer not null references lead_case (id) on delete cascade,
  unit_id integer not null references unit (id),
  primary key (case_id, unit_id)
);

-- 三函: the table only for now; issuing comes later.
create table supervision_letter (
  id            integer generated always as identity primary key,
  kind          text not null check (kind in ('supervise', 'risk', 'accountability')),
  office_code   text not null check (length(office_code) between 1 and 10), -- 机关代字, e.g. 鲁信
  year          integer not null check (year between 2000 and 2100),
  number        integer not null check (number >= 1),
  recipient_unit_id integer not null references unit (id),
  reason        text not null,
  feedback_due  date not null,
  status        text not null default 'draft' check (status in (
                  'draft', 'issued', 'delivered', 'signed', 'replied', 'closed', 'overdue')),
  issued_at     timestamptz,
  signed_at     timestamptz,
  replied_at    timestamptz,
  closed_at     timestamptz,
  unique (office_code, kind, year, number),
  check (signed_at is null or (issued_at is not null and signed_at >= issued_at))
);
create table supervision_letter_item (
  letter_id integer not null references supervision_letter (id) on delete cascade,
  item_id   bigint  not null references petition_item (id),
  primary key (letter_id, item_id)
);
