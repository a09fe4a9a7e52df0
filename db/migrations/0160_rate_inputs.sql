-- /rates (issue 17): what each item adds to the rates, kept as rollups like the wall's instead of
-- every item of a year read and its clocks run on each page load.
--
-- rate_input holds, per item, the days it counts on and what it counts there once its facts are
-- all in (domain/rates.ts rateInput: the on-time judgements run the clocks against the holiday
-- calendar, which is TypeScript, so the rows are computed there). rollup_rate sums them per
-- day, county and unit, rollup_rate_month per month. A period's reader adds the days up, counts the open clocks overdue by
-- then from the few open items, and reads row by row only the items that could read otherwise
-- at its instant (a fact after it, an open pause, a day outside the year after receipt).
-- The relay folds every petition change in (feed/rate-inputs.ts, called from stamp.ts).
create table rate_input (
  item_id           bigint primary key,   -- no foreign key: a deleted item is taken out by the relay
  region            text not null,
  unit_id           integer,
  repeat_of         bigint,               -- whose 一次性化解 this item's arrival undoes
  facts_until       timestamptz not null, -- its latest dated fact
  live              boolean not null,     -- always read row by row
  received_day      date not null,
  online            boolean not null,
  is_repeat         boolean not null,
  concluded_day     date,
  evaluated         boolean not null,
  content           boolean not null,
  first_time        boolean not null,
  resolved          boolean not null,
  accept_day        date,                 -- the acceptance clock ended
  accept_on_time    boolean not null,
  accept_open_due   date,                 -- or runs, due then
  conclude_day      date,
  conclude_on_time  boolean not null,
  conclude_open_due date
);
create index rate_input_after on rate_input (facts_until);
create index rate_input_live on rate_input (region) where live;
-- the open clocks a period counts as overdue by its instant
create index rate_input_accept_open on rate_input (accept_open_due) where accept_open_due is not null;
create index rate_input_conclude_open on rate_input (conclude_open_due) where conclude_open_due is not null;
create index rate_input_repeat_of on rate_input (repeat_of) where repeat_of is not null;

-- per day, county and unit (a unit sits in one county: in practice per day and unit) ...
create table rollup_rate (
  day              date not null,
  region           text not null,
  unit_id          integer not null,  -- 0: no unit
  received         integer not null default 0,
  online           integer not null default 0,
  repeats          integer not null default 0,
  open_items       integer not null default 0,  -- received that day and not concluded
  concluded        integer not null default 0,
  evaluated        integer not null default 0,
  content          integer not null default 0,
  first_time       integer not null default 0,
  resolved         integer not null default 0,
  accept_due       integer not null default 0,  -- acceptance clocks ended that day
  accept_on_time   integer not null default 0,
  conclude_due     integer not null default 0,
  conclude_on_time integer not null default 0,
  primary key (day, region, unit_id)
);
-- ... and per month, for the whole months of a period: a year of a province reads some 20,000
-- month rows and the days of its two partial months instead of 300,000 day rows
create table rollup_rate_month (like rollup_rate including defaults);
alter table rollup_rate_month rename column day to month;  -- its first day
alter table rollup_rate_month add primary key (month, region, unit_id);

create view rollup_rate_truth as
  select day, region, unit_id,
         sum(received)::integer as received, sum(online)::integer as online, sum(repeats)::integer as repeats, sum(open_items)::integer as open_items,
         sum(concluded)::integer as concluded, sum(evaluated)::integer as evaluated, sum(content)::integer as content,
         sum(first_time)::integer as first_time, sum(resolved)::integer as resolved,
         sum(accept_due)::integer as accept_due, sum(accept_on_time)::integer as accept_on_time,
         sum(conclude_due)::integer as conclude_due, sum(conclude_on_time)::integer as conclude_on_time
    from (select received_day as day, region, coalesce(unit_id, 0) as unit_id, 1 as received, online::integer as online, is_repeat::integer as repeats,
                 (concluded_day is null)::integer as open_items,
                 0 as concluded, 0 as evaluated, 0 as content, 0 as first_time, 0 as resolved, 0 as accept_due, 0 as accept_on_time, 0 as conclude_due, 0 as conclude_on_time
            from rate_input
          union all
          select concluded_day, region, coalesce(unit_id, 0), 0, 0, 0, 0, 1, evaluated::integer, content::integer, first_time::integer, resolved::integer, 0, 0, 0, 0
            from rate_input where concluded_day is not null
          union all
          select accept_day, region, coalesce(unit_id, 0), 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, accept_on_time::integer, 0, 0
            from rate_input where accept_day is not null
          union all
          select conclude_day, region, coalesce(unit_id, 0), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, conclude_on_time::integer
            from rate_input where conclude_day is not null) x
   group by day, region, unit_id;

create view rollup_rate_month_truth as
  select date_trunc('month', day)::date as month, region, unit_id,
         sum(received)::integer as received, sum(online)::integer as online, sum(repeats)::integer as repeats, sum(open_items)::integer as open_items,
         sum(concluded)::integer as concluded, sum(evaluated)::integer as evaluated, sum(content)::integer as content,
         sum(first_time)::integer as first_time, sum(resolved)::integer as resolved,
         sum(accept_due)::integer as accept_due, sum(accept_on_time)::integer as accept_on_time,
         sum(conclude_due)::integer as conclude_due, sum(conclude_on_time)::integer as conclude_on_time
    from rollup_rate_truth
   group by 1, 2, 3;

-- What the rows were computed against (a digest of the rules and holiday calendar in force):
-- null until the first build; reads fall back to row by row while it differs from the config in
-- force, and the relay does not fold changes into a stale build.
create table rate_input_state (
  only_row  boolean primary key default true check (only_row),
  config    text,
  built_at  timestamptz
);
insert into rate_input_state (config) values (null);

-- The existing items are computed by the background rebuild (feed/rebuild.ts), which runs the
-- clocks (SQL cannot): the sweeper asks for one when the build is missing or stale. Until it
-- finishes /rates reads row by row, as before.
