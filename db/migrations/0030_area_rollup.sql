-- Daily counts at every level of the region tree (province, city, county), overall and by
-- channel and by category. rollup_daily is as fine-grained as the items it counts (a county's day
-- splits into channel × category cells of one or two items), so a province's 90 days meant
-- summing hundreds of thousands of rows: the wall read this instead, a few thousand rows at most.
-- The relay keeps it in the stamping transaction, as it keeps rollup_daily.
create table rollup_area (
  adcode        text not null references region (adcode),
  dim           text not null check (dim in ('all', 'channel', 'category')),
  day           date not null,
  key           text not null, -- '' for dim 'all'; the channel or the category code
  items         integer not null,
  persons       integer not null,
  skip_level    integer not null,
  repeats       integer not null,
  group_batches integer not null,
  group_persons integer not null,
  primary key (adcode, dim, day, key),
  check ((dim = 'all') = (key = ''))
) with (fillfactor = 70); -- room on each page, so the relay's updates stay on the page (HOT) and a day's rows stay together

-- the same figures from the base table, through the truth of rollup_daily (the check compares them)
create view rollup_area_truth as
  select a.adcode, x.dim, d.day, x.key,
         sum(d.items)::integer as items, sum(d.persons)::integer as persons,
         sum(d.skip_level)::integer as skip_level, sum(d.repeats)::integer as repeats,
         sum(d.group_batches)::integer as group_batches, sum(d.group_persons)::integer as group_persons
    from rollup_daily_truth d
    join region r on r.adcode = d.region
   cross join unnest(r.path) as a(adcode)
   cross join lateral (values ('all', ''), ('channel', d.channel), ('category', d.category)) as x(dim, key)
   group by 1, 2, 3, 4;

insert into rollup_area select * from rollup_area_truth order by day, dim, adcode, key;
