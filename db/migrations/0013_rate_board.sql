-- The wall's 三率 and 参评率: period figures that move with the clock (an open item turns into a
-- denominator the day it falls overdue), so the relay cannot keep them by adding deltas. A job
-- recomputes them every few minutes for every region from the same domain code as /rates and
-- stores one row per region; the wall reads that row and shows when it was computed. The wall's
-- path never runs the computation itself.
create table rate_board (
  region      text primary key references region (adcode),
  period_from date not null,
  period_to   date not null,
  computed_at timestamptz not null,
  rules_version integer not null,
  -- {timelyAcceptance: {numerator, denominator, value}, onTimeConclusion, satisfaction, participation}
  rates       jsonb not null,
  -- units ranked by 按期办结率 at the rules' minimum volume: [{unit, value, volume, rank}]
  league      jsonb not null,
  min_volume  integer not null,
  below_minimum integer not null,
  check (period_from <= period_to)
);
