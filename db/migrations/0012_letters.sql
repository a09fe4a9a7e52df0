-- 三函: issuing (gap-free 文号, idempotent), the document record, sign-for, feedback, lights on
-- the feedback clock, the change feed, and notifications to people off-screen.

-- a unit's contacts for notices (e-mail over SMTP; a phone an SMS gateway texts through the webhook)
alter table unit
  add column email text check (email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 120),
  add column phone text check (phone ~ '^1[0-9]{10}$');

alter table supervision_letter drop constraint supervision_letter_status_check;
alter table supervision_letter
  add constraint supervision_letter_status_check check (status in (
    'draft', 'issued', 'delivered', 'signed', 'replied', 'closed', 'returned', 'overdue')),
  -- the 发文字号 as printed, e.g. 鲁信督函〔2026〕12号
  add column number_text     text not null unique check (number_text ~ '〔[0-9]{4}〕[1-9][0-9]*号$'),
  -- one letter per intent: a double click or a retried request carries the same key
  add column idempotency_key text not null unique check (length(idempotency_key) between 16 and 80),
  add column office_region   text not null references region (adcode),
  add column office_name     text not null check (length(office_name) between 2 and 40),
  add column title           text not null check (length(title) between 2 and 80),
  add column cc              text not null default '' check (length(cc) <= 200),
  add column evidence        jsonb not null default '[]',
  add column issued_by       integer not null references app_user (id),
  add column follows         integer references supervision_letter (id),
  add column escalated_to    integer references supervision_letter (id),
  add column delivered_at    timestamptz,
  add column returned_at     timestamptz,
  add column return_reason   text check (length(return_reason) <= 500),
  -- what the sweeper last computed for the feedback clock, and when to look again
  add column light           text not null default 'none' check (light in ('green', 'yellow', 'due_today', 'red', 'none')),
  add column light_at        timestamptz default '-infinity',
  add constraint supervision_letter_reason_length check (length(reason) between 10 and 2000),
  add constraint supervision_letter_due_after_issue check (issued_at is null or feedback_due > (issued_at at time zone 'Asia/Shanghai')::date);
create index supervision_letter_recipient on supervision_letter (recipient_unit_id, issued_at desc);
create index supervision_letter_issued on supervision_letter (issued_at desc);
create index supervision_letter_light_at on supervision_letter (light_at) where light_at is not null;
create index supervision_letter_item_item on supervision_letter_item (item_id);

-- The serial counter: one row per (office, kind, year), locked FOR UPDATE by the issuing
-- transaction. A rolled-back issue rolls its increment back too, so serials have no gaps.
create table letter_serial (
  office_code text not null,
  kind        text not null check (kind in ('supervise', 'risk', 'accountability')),
  year        integer not null check (year between 2000 and 2100),
  last        integer not null check (last >= 0),
  primary key (office_code, kind, year)
);

-- Every step of a letter: who and when.
create table letter_event (
  id          bigint generated always as identity primary key,
  letter_id   integer not null references supervision_letter (id),
  at          timestamptz not null default now(),
  from_status text,
  to_status   text not null,
  actor       text not null check (length(actor) between 1 and 60),
  note        text check (length(note) <= 2000)
);
create index letter_event_letter on letter_event (letter_id, at);

-- The issued document: PDF for the record, .docx for offices that edit in Word/WPS.
-- Immutable once written; its SHA-256 is stored beside it.
create table letter_document (
  letter_id  integer not null references supervision_letter (id),
  format     text not null check (format in ('pdf', 'docx')),
  bytes      bytea not null,
  sha256     text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  primary key (letter_id, format)
);
create function letter_document_immutable() returns trigger
language plpgsql as $$
begin
  raise exception '已签发的函件文档不能修改或删除' using errcode = 'insufficient_privilege';
end $$;
create trigger letter_document_no_change before update or delete on letter_document
  for each row execute function letter_document_immutable();

-- 反馈: the unit's written report, and the supervisor's decision on it
create table letter_feedback (
  id          bigint generated always as identity primary key,
  letter_id   integer not null references supervision_letter (id),
  text        text not null check (length(text) between 1 and 5000),
  author_id   integer references app_user (id), -- null: a reply on paper, entered by staff (and the demo's history)
  author      text not null,
  at          timestamptz not null default now(),
  decision    text check (decision in ('accepted', 'rejected')),
  decided_at  timestamptz,
  decided_by  integer references app_user (id),
  reason      text check (length(reason) <= 500),
  check ((decision is null) = (decided_at is null))
);
create index letter_feedback_letter on letter_feedback (letter_id, at);

create table letter_attachment (
  id           bigint generated always as identity primary key,
  feedback_id  bigint not null references letter_feedback (id),
  filename     text not null check (length(filename) between 1 and 120),
  content_type text not null,
  size         integer not null check (size between 1 and 10485760),
  sha256       text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  bytes        bytea not null
);
create index letter_attachment_feedback on letter_attachment (feedback_id);

-- The change feed: a letter reaches screens and the recipient's inbox like an item does, through
-- an outbox row written by trigger, in the recipient unit's region (so room scoping holds).
create function supervision_letter_capture() returns trigger
language plpgsql as $$
declare
  payload jsonb;
begin
  if current_setting('liaowang.bulk_load', true) = 'on' then
    return null;
  end if;
  -- only what screens and inboxes show: the sweeper's bookkeeping (light_at) is no event
  if tg_op = 'UPDATE' and (new.status, new.light, new.feedback_due, new.escalated_to, new.signed_at, new.replied_at)
       is not distinct from (old.status, old.light, old.feedback_due, old.escalated_to, old.signed_at, old.replied_at) then
    return null;
  end if;
  payload := jsonb_build_object(
    'id', new.id, 'number', new.number_text, 'kind', new.kind, 'status', new.status,
    'recipientUnitId', new.recipient_unit_id, 'feedbackDue', new.feedback_due, 'light', new.light,
    'issuedAt', new.issued_at, 'officeRegion', new.office_region);
  if tg_op = 'UPDATE' then
    payload := payload || jsonb_build_object('prev', jsonb_build_object('status', old.status, 'light', old.light));
  end if;
  insert into outbox (topic, entity, entity_id, op, region_path, payload)
  select 'letter', 'supervision_letter', new.id::text, lower(tg_op), region.path, payload
    from unit join region on region.adcode = unit.region
   where unit.id = new.recipient_unit_id;
  return null;
end $$;

create trigger supervision_letter_capture
  after insert or update on supervision_letter
  for each row execute function supervision_letter_capture();

-- Notices to people off-screen: written in the issuing transaction, sent by a worker on any node
-- (rows shared with SKIP LOCKED), retried with backoff until delivered; every attempt logged.
create table notification (
  id           bigint generated always as identity primary key,
  letter_id    integer references supervision_letter (id),
  channel      text not null check (channel in ('email', 'webhook')),
  target       text not null check (length(target) between 3 and 500),
  subject      text not null check (length(subject) <= 200),
  body         jsonb not null,
  created_at   timestamptz not null default now(),
  attempts     integer not null default 0,
  next_at      timestamptz default now(),
  delivered_at timestamptz,
  check ((delivered_at is null) or (next_at is null))
);
create index notification_due on notification (next_at) where delivered_at is null;

create table notification_attempt (
  id              bigint generated always as identity primary key,
  notification_id bigint not null references notification (id),
  at              timestamptz not null default now(),
  ok              boolean not null,
  detail          text not null check (length(detail) <= 1000),
  duration_ms     integer not null
);
create index notification_attempt_notification on notification_attempt (notification_id, at);
