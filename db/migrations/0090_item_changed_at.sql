-- GET /api/v1/items?changedSince= (issue 13): when anything an upstream system reconciles last
-- changed on an item — its lifecycle, its unit, its clock and light. Kept by a trigger, so every
-- writer (pages, API, imports, the simulator, the sweeper) moves it; rescheduling the sweeper's
-- next look (light_at alone) is bookkeeping and does not.
alter table petition_item add column changed_at timestamptz;

-- existing items: their last update (without waking the feed: this is not a change anyone watches)
set local liaowang.bulk_load = 'on';
update petition_item set changed_at = updated_at;
reset liaowang.bulk_load;

alter table petition_item alter column changed_at set not null;
alter table petition_item alter column changed_at set default now();

-- clock_timestamp(), not now(): the instant of the write itself, close to its commit
create function petition_item_changed_at() returns trigger
language plpgsql as $$
declare
  bare petition_item;
begin
  -- bulk loads (the demo generator) write history: the row's own last update, so that the same
  -- seed gives the same rows
  if current_setting('liaowang.bulk_load', true) = 'on' then
    new.changed_at := new.updated_at;
    return new;
  end if;
  if tg_op = 'INSERT' then
    new.changed_at := clock_timestamp();
    return new;
  end if;
  bare := new;
  bare.light_at := old.light_at;
  bare.changed_at := old.changed_at;
  bare.updated_at := old.updated_at;
  if bare is distinct from old then
    new.changed_at := clock_timestamp();
  else
    new.changed_at := old.changed_at;
  end if;
  return new;
end $$;
-- (named to run before petition_item_clock_touch: triggers of a kind fire in name order)
create trigger petition_item_changed_at
  before insert or update on petition_item
  for each row execute function petition_item_changed_at();

create index petition_item_changed on petition_item (changed_at, id);
