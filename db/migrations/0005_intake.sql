-- Intake: how items get in (窗口登记, upstream systems by API, 台账 import), where each came
-- from, and the data-quality warnings (智能校对) found when it was registered. Inserting into
-- petition_item still goes through the capture trigger of 0002, so every path reaches the feed.

-- Upstream systems that post items with a bearer token. As with sessions, only the SHA-256 of
-- the token is stored; the token itself is shown once, when the client is created.
create table api_client (
  id            integer generated always as identity primary key,
  name          text not null unique check (length(name) between 2 and 60),
  -- the system this client speaks for; items it posts carry it as their source
  source        text not null check (source in ('national', 'provincial', '12345')),
  scope_region  text not null references region (adcode),
  token_hash    text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  -- the token's first characters, so an operator can tell which one a system holds
  token_prefix  text not null check (token_prefix ~ '^[a-z0-9_]{4,12}$'),
  created_by    integer references app_user (id),
  created_at    timestamptz not null default now(),
  last_used_at  timestamptz,
  disabled_at   timestamptz
);

-- One ledger upload: previewed (dry run), then committed all-or-nothing in one transaction.
-- Progress is written outside that transaction, so a page can poll it while the commit runs.
create table import_job (
  id            bigint generated always as identity primary key,
  user_id       integer not null references app_user (id),
  file_name     text not null check (length(file_name) between 1 and 200),
  format        text not null check (format in ('xlsx', 'csv')),
  status        text not null check (status in ('previewed', 'committing', 'committed', 'failed')),
  total_rows    integer not null default 0 check (total_rows >= 0),
  error_rows    integer not null default 0 check (error_rows >= 0),
  warning_rows  integer not null default 0 check (warning_rows >= 0),
  processed_rows integer not null default 0 check (processed_rows >= 0),
  -- [{row, column, field, message}], in Chinese, row numbers as in the spreadsheet
  errors        jsonb not null default '[]',
  -- the parsed rows as text by field, kept between the preview and the commit
  rows          jsonb,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  committed_at  timestamptz,
  check ((status = 'committed') = (committed_at is not null))
);
create index import_job_user on import_job (user_id, created_at desc);

-- Where an item came from: form 窗口登记, import 台账导入, national/provincial petition
-- systems and 12345 by API, simulator for demo data. NULL: written before intake was tracked.
alter table petition_item
  add column source text check (source in ('form', 'import', 'national', 'provincial', '12345', 'simulator')),
  -- the item's number in its source system; a retry of the same number finds the same item
  add column source_id text check (length(source_id) between 1 and 64 and source_id !~ '[[:space:][:cntrl:]]'),
  add column registered_by integer references app_user (id),
  add column api_client_id integer references api_client (id),
  add column import_job_id bigint references import_job (id),
  add check (source_id is null or source is not null);
create unique index petition_item_source_key on petition_item (source, source_id) where source_id is not null;
create index petition_item_import_job on petition_item (import_job_id) where import_job_id is not null;

-- 智能校对: warnings found at registration (not errors: the item was registered). One row per
-- warning, so they can be counted per unit or per kind with a plain GROUP BY.
create table item_quality_warning (
  item_id    bigint not null references petition_item (id) on delete cascade,
  code       text not null check (code ~ '^[a-z_]+$'),
  field      text not null,
  message    text not null,
  found_at   timestamptz not null default now(),
  primary key (item_id, code)
);
create index item_quality_warning_code on item_quality_warning (code);
