-- 信访工作联席会议: frozen snapshots of the situation, meetings that compare two of them, the
-- agenda proposed from the rules, decisions recorded per agenda item (tracked follow-ups with their
-- own clock), and the briefing / 纪要 documents rendered by a job the page polls.

-- A moment frozen: the wall's snapshot document exactly as the wall's own read returns it, and the
-- id sets behind the numbers a meeting diffs, all read in one repeatable-read transaction at `seq`.
-- Immutable once taken (a trigger refuses updates and deletes).
create table meeting_snapshot (
  id        integer generated always as identity primary key,
  name      text not null check (length(name) between 2 and 60),
  region    text not null references region (adcode),
  seq       bigint not null check (seq >= 0),
  taken_at  timestamptz not null,
  taken_by  integer not null references app_user (id),
  -- WallSnapshot (src/lib/screen/wall.ts)
  wall      jsonb not null,
  -- SnapshotFacts (src/lib/domain/meetings.ts): open / overdue item ids, case and letter statuses, per-unit rate inputs
  facts     jsonb not null
);
create index meeting_snapshot_region on meeting_snapshot (region, taken_at desc);

create function meeting_snapshot_immutable() returns trigger
language plpgsql as $$
begin
  raise exception '冻结快照不能修改或删除' using errcode = 'insufficient_privilege';
end $$;
create trigger meeting_snapshot_no_change before update or delete on meeting_snapshot
  for each row execute function meeting_snapshot_immutable();

create table meeting (
  id          integer generated always as identity primary key,
  title       text not null check (length(title) between 2 and 80),
  region      text not null references region (adcode),
  -- 召开时间
  held_at     timestamptz not null,
  place       text not null default '' check (length(place) <= 60),
  -- 出席 / 列席, as the minutes print them
  attendees   text not null default '' check (length(attendees) <= 1000),
  status      text not null default 'preparing' check (status in ('preparing', 'held')),
  -- the previous meeting's snapshot (null for the first meeting in a region) and this one's
  baseline_snapshot_id integer references meeting_snapshot (id),
  snapshot_id integer not null references meeting_snapshot (id),
  created_by  integer not null references app_user (id),
  created_at  timestamptz not null default now(),
  check (baseline_snapshot_id is distinct from snapshot_id)
);
create index meeting_region on meeting (region, held_at desc);

-- 议程: proposed from the rules (kind + ref say what it is about), then reordered, edited, annotated
create table agenda_item (
  id         integer generated always as identity primary key,
  meeting_id integer not null references meeting (id),
  position   integer not null check (position >= 1),
  kind       text not null check (kind in ('overdue', 'stalled_case', 'group', 'skip_level', 'falling_rate', 'ignored_letter', 'custom')),
  title      text not null check (length(title) between 2 and 120),
  detail     text not null default '' check (length(detail) <= 2000),
  note       text not null default '' check (length(note) <= 2000),
  -- {itemIds?, caseId?, unitId?, letterId?}: the items behind it, one click away
  ref        jsonb not null default '{}',
  unique (meeting_id, position) deferrable initially deferred
);

-- 会议决定: who is responsible, by when; each one is a follow-up with its own clock
create table meeting_decision (
  id             integer generated always as identity primary key,
  agenda_item_id integer not null references agenda_item (id),
  text           text not null check (length(text) between 2 and 1000),
  unit_id        integer not null references unit (id),
  person         text not null check (length(person) between 1 and 40),
  due            date not null,
  recorded_by    integer not null references app_user (id),
  recorded_at    timestamptz not null,
  status         text not null default 'open' check (status in ('open', 'done')),
  done_at        timestamptz,
  done_note      text check (length(done_note) <= 1000),
  check ((status = 'done') = (done_at is not null))
);
create index meeting_decision_unit on meeting_decision (unit_id, status, due);
create index meeting_decision_agenda on meeting_decision (agenda_item_id);

-- 简报 / 纪要 rendering: progress written from outside the rendering, polled by the page
create table briefing_job (
  id          integer generated always as identity primary key,
  meeting_id  integer not null references meeting (id),
  kind        text not null check (kind in ('briefing', 'minutes')),
  status      text not null default 'running' check (status in ('running', 'done', 'failed')),
  stage       text not null default '',
  progress    integer not null default 0 check (progress between 0 and 100),
  requested_by integer not null references app_user (id),
  started_at  timestamptz not null default now(),
  finished_at timestamptz,
  render_ms   integer,
  error       text,
  pdf         bytea,
  docx        bytea,
  pdf_sha256  text check (pdf_sha256 ~ '^[0-9a-f]{64}$'),
  docx_sha256 text check (docx_sha256 ~ '^[0-9a-f]{64}$'),
  check ((status = 'done') = (pdf is not null and docx is not null))
);
create index briefing_job_meeting on briefing_job (meeting_id, kind, started_at desc);
