-- Retention as 网络安全法 第二十一条 asks: network logs (the audit log, which is also the sign-in
-- history: auth.sign_in / sign_in_failed / sign_out) are kept at least six months, then archived,
-- never deleted. Archiving MOVES a row: it is first copied into audit_log_archive (append-only like
-- the live table), and only then may it leave audit_log. The live table's trigger still refuses
-- every UPDATE and TRUNCATE, and every DELETE except of a row that is older than six months AND
-- whose identical copy is already in the archive, so nothing can make a record disappear.

create table audit_log_archive (
  id          bigint primary key,            -- the id it had in audit_log
  at          timestamptz not null,
  user_id     integer references app_user (id),
  username    text,
  action      text not null,
  target      text,
  detail      jsonb not null,
  ip          text,
  archived_at timestamptz not null default now()
);
create index audit_log_archive_at on audit_log_archive (at desc);

create trigger audit_log_archive_no_update before update or delete on audit_log_archive
  for each row execute function audit_log_append_only();
create trigger audit_log_archive_no_truncate before truncate on audit_log_archive
  for each statement execute function audit_log_append_only();

create function audit_log_move_only() returns trigger
language plpgsql as $$
begin
  if tg_op = 'DELETE'
     and old.at < now() - interval '6 months'
     and exists (select 1 from audit_log_archive a
                  where a.id = old.id and a.at = old.at and a.action = old.action and a.detail = old.detail
                    and a.user_id is not distinct from old.user_id and a.username is not distinct from old.username
                    and a.target is not distinct from old.target and a.ip is not distinct from old.ip) then
    return old;
  end if;
  raise exception '审计日志只能追加，不能修改或删除' using errcode = 'insufficient_privilege';
end $$;

drop trigger audit_log_no_update on audit_log;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_move_only();

-- Everything ever logged, live and archived, for reading.
create view audit_log_all as
  select id, at, user_id, username, action, target, detail, ip, null::timestamptz as archived_at from audit_log
  union all
  select id, at, user_id, username, action, target, detail, ip, archived_at from audit_log_archive;
