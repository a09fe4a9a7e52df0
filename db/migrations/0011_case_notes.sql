-- 领导包案 progress: what was done, by whom, when (一案一档).
create table lead_case_note (
  id        bigint generated always as identity primary key,
  case_id   integer not null references lead_case (id) on delete cascade,
  at        timestamptz not null default now(),
  author_id integer references app_user (id),
  author    text not null check (length(author) between 1 and 60),
  text      text not null check (length(text) between 1 and 1000)
);
create index lead_case_note_case on lead_case_note (case_id, at);
