-- A clock fact (an approved extension, a pause or its end, a 复查/复核 request or decision) changes
-- what the item adds to the rates (rate_input, migration 0160). Its trigger asked only the sweeper
-- to look again (light_at), which is bookkeeping and puts nothing on the feed, so a fact written
-- without the item's own row changing reached the rate rollups only when the sweeper's relight
-- later changed the item. Now the write also puts a 'clock' row on the outbox, in the same
-- transaction: the next relay step refreshes the item's rate inputs (feed/rate-inputs.ts).
-- Its region_path is empty: no screen's room carries it, replay skips it.
create or replace function clock_fact_touch() returns trigger
language plpgsql as $$
declare
  item bigint := case when tg_op = 'DELETE' then old.item_id else new.item_id end;
begin
  update petition_item set light_at = '-infinity' where id = item;
  -- bulk loads (the demo generator) build the rate inputs in one pass instead
  if current_setting('liaowang.bulk_load', true) is distinct from 'on' then
    insert into outbox (topic, entity, entity_id, op, region_path, payload)
    values ('clock', tg_table_name, item::text, lower(tg_op), '{}', jsonb_build_object('itemId', item));
  end if;
  return null;
end $$;
