-- Accounts, sessions and the audit trail (属地管理, 分级负责: every account has a region scope).

create table app_user (
  id            integer generated always as identity primary key,
  username      text not null unique check (username ~ '^[a-z0-9_.-]{3,32}$'),
  display_name  text not null check (length(display_name) between 1 and 40),
  password_hash text not null,
  -- leader 领导, supervisor 督查督办, unit 承办单位, display 大屏, admin 管理员
  role          text not null check (role in ('leader', 'supervisor', 'unit', 'display', 'admin')),
  scope_region  text not null references region (adcode),
  unit_id       integer references unit (id),
  -- a display account is bound to one screen
  screen_name   text check (length(screen_name) between 1 and 40),
  disabled_at   timestamptz,
  created_at    timestamptz not null default now(),
  check ((role = 'unit') = (unit_id is not null)),
  check ((role = 'display') = (screen_name is not null))
);

-- Only the SHA-256 of the session token is stored: a leaked table does not give sessions away.
create table user_session (
  id            text primary key check (id ~ '^[0-9a-f]{64}$'),
  user_id       integer not null references app_user (id) on delete cascade,
  created_at    timestamptz not null default now(),
  expires_at    timestamptz not null,
  absolute_expires_at timestamptz not null,
  ip            text,
  user_agent    text,
  check (expires_at <= absolute_expires_at)
);
create index user_session_user on user_session (user_id);

-- Append-only: who did what, when, from where.
create table audit_log (
  id         bigint generated always as identity primary key,
  at         timestamptz not null default now(),
  user_id    integer references app_user (id), -- accounts are disabled, never deleted
  username   text,
  action     text not null check (action ~ '^[a-z_.]+$'),
  target     text,
  detail     jsonb not null default '{}',
  ip         text
);
create index audit_log_at on audit_log (at desc);
create index audit_log_user_at on audit_log (user_id, at desc);
create index audit_log_action_at on audit_log (action, at desc);

create function audit_log_append_only() returns trigger
language plpgsql as $$
begin
  raise exception '审计日志只能追加，不能修改或删除' using errcode = 'insufficient_privilege';
end $$;

create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();
