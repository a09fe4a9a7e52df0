-- Two roles (red team #15, findings 3–4). The OWNER runs the migrations and the demo loader and owns
-- every table; the RUNTIME role the app serves with owns nothing, so it cannot ALTER (no DISABLE
-- TRIGGER), DROP or TRUNCATE, and bulk-load mode refuses it (0071). Its rights come from this
-- function, which start-up runs after every batch of migrations, so a table a later migration adds
-- gets its grants too. Exceptions are named here: the audit log is append-only for the runtime role
-- (SELECT, INSERT; its archive SELECT only — archiving goes through audit_log_archive_batch below),
-- and the migration ledger is read-only. A later migration that adds an append-only table extends
-- the list with CREATE OR REPLACE.

create or replace function liaowang_grant_runtime(runtime name) returns void
language plpgsql as $$
declare
  t record;
begin
  if runtime = current_user then
    raise exception '运行角色不能与属主角色相同（%）', runtime using errcode = '42501';
  end if;
  if pg_has_role(runtime, current_user, 'MEMBER') then
    raise exception '运行角色 % 是属主角色的成员，会继承属主的权限' , runtime using errcode = '42501';
  end if;
  if (select rolsuper from pg_roles where rolname = runtime) then
    raise exception '运行角色 % 是超级用户：请改用普通角色', runtime using errcode = '42501';
  end if;
  execute format('grant usage on schema public to %I', runtime);
  execute format('revoke create on schema public from %I', runtime);
  for t in
    select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S')
  loop
    -- start from nothing: an earlier, wider grant (or TRUNCATE, TRIGGER) does not linger
    if t.relkind = 'S' then
      execute format('revoke all on sequence %I from %I', t.relname, runtime);
      execute format('grant usage, select on sequence %I to %I', t.relname, runtime);
      continue;
    end if;
    execute format('revoke all on table %I from %I', t.relname, runtime);
    if t.relname = 'audit_log' then
      execute format('grant select, insert on table %I to %I', t.relname, runtime);
    elsif t.relname in ('audit_log_archive', 'schema_migration') or t.relkind in ('v', 'm') then
      execute format('grant select on table %I to %I', t.relname, runtime);
    else
      execute format('grant select, insert, update, delete on table %I to %I', t.relname, runtime);
    end if;
  end loop;
  execute format('grant execute on function audit_log_archive_batch(integer, integer) to %I', runtime);
end $$;
revoke all on function liaowang_grant_runtime(name) from public;

-- Archiving moves audit rows (0099): copy into the archive, then delete from the live table. The
-- runtime role may do neither, so the archiver calls this, which runs with its owner's rights and a
-- pinned search_path. It moves only rows past the retention (never under six months), and the live
-- table's trigger still lets a row go only when its identical copy is archived.
create or replace function audit_log_archive_batch(keep_months integer, batch integer) returns integer
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  ids bigint[];
  removed integer;
begin
  if keep_months is null or keep_months < 6 then
    raise exception '审计日志保留期不得少于 6 个月' using errcode = '22023';
  end if;
  if batch is null or batch < 1 or batch > 50000 then
    raise exception '归档批量须在 1 到 50000 之间' using errcode = '22023';
  end if;
  with copied as (
    insert into public.audit_log_archive (id, at, user_id, username, action, target, detail, ip)
    select id, at, user_id, username, action, target, detail, ip from public.audit_log
     where at < now() - make_interval(months => keep_months)
     order by id limit batch
    returning id)
  select coalesce(array_agg(id), '{}') into ids from copied;
  if cardinality(ids) = 0 then
    return 0;
  end if;
  delete from public.audit_log where id = any(ids);
  get diagnostics removed = row_count;
  if removed <> cardinality(ids) then
    raise exception '归档行数不一致：复制 % 行，移出 % 行', cardinality(ids), removed;
  end if;
  return removed;
end $$;
revoke all on function audit_log_archive_batch(integer, integer) from public;
