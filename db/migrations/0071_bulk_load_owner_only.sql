-- Bulk-load mode (liaowang.bulk_load = on) quiets the capture triggers: no outbox row, so the wall
-- and the rollups do not see the write until the loader rebuilds them. Any session can set a
-- custom setting, so the mode is honoured only for the tables' owner (the role that runs the
-- migrations and the demo loader): any other role that turns it on and writes is refused, and
-- its writes cannot drift past the wall. (Red team #15, finding 5.)
create function bulk_load_owner_only() returns trigger
language plpgsql as $$
begin
  if current_setting('liaowang.bulk_load', true) = 'on'
     and not pg_has_role(current_user, (select relowner from pg_class where oid = tg_relid), 'MEMBER') then
    raise exception '批量导入模式只允许数据库属主使用（%）', tg_table_name
      using errcode = '42501';
  end if;
  return null;
end $$;

create trigger a_bulk_load_owner_only before insert or update or delete on petition_item
  for each statement execute function bulk_load_owner_only();
create trigger a_bulk_load_owner_only before insert or update or delete on supervision_letter
  for each statement execute function bulk_load_owner_only();
