-- The petitioner's documents (issue 13): 受理告知书 / 不予受理告知书 / 信访处理意见书, written in
-- the transaction of the transition that issues them (受理 / 不予受理 / 办结), numbered per
-- 机关代字, kind and year without gaps, and immutable once written. What the document says is
-- frozen in the row (the body as printed); the PDF and the .docx are typeset from it.

-- the serial counter: locked FOR UPDATE by the issuing transaction (a rollback rolls it back)
create table petitioner_doc_serial (
  code  text not null check (length(code) between 1 and 10),
  kind  text not null check (kind in ('accept', 'reject', 'opinion')),
  year  integer not null check (year between 2000 and 2100),
  last  integer not null check (last >= 0),
  primary key (code, kind, year)
);

create table petitioner_document (
  id          bigint generated always as identity primary key,
  item_id     bigint not null references petition_item (id),
  -- the transition that issued it: one document per event
  event_id    bigint not null unique references petition_event (id),
  kind        text not null check (kind in ('accept', 'reject', 'opinion')),
  unit_id     integer not null references unit (id),
  code        text not null,
  year        integer not null check (year between 2000 and 2100),
  serial      integer not null check (serial >= 1),
  -- the 发文字号 as printed, e.g. 历下人社信受告〔2026〕3号
  number_text text not null unique check (number_text ~ '〔[0-9]{4}〕[1-9][0-9]*号$'),
  office_name text not null check (length(office_name) between 1 and 60),
  title       text not null,
  -- the petitioner's name in full: the document goes to them (never shown on the wall)
  recipient   text not null,
  body        text[] not null check (cardinality(body) between 1 and 50),
  issued_on   date not null,
  created_at  timestamptz not null default now(),
  unique (code, kind, year, serial)
);
create index petitioner_document_item on petitioner_document (item_id);

-- the typeset files, made from the row on first download, stored once with their SHA-256
create table petitioner_document_file (
  document_id bigint not null references petitioner_document (id),
  format      text not null check (format in ('pdf', 'docx')),
  bytes       bytea not null,
  sha256      text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  created_at  timestamptz not null default now(),
  primary key (document_id, format)
);

create function petitioner_document_immutable() returns trigger
language plpgsql as $$
begin
  raise exception '已出具的信访文书不能修改或删除' using errcode = 'insufficient_privilege';
end $$;
create trigger petitioner_document_no_change before update or delete on petitioner_document
  for each row execute function petitioner_document_immutable();
create trigger petitioner_document_file_no_change before update or delete on petitioner_document_file
  for each row execute function petitioner_document_immutable();
