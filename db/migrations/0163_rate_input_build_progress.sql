-- The rate inputs' rebuild in chunks (feed/rate-inputs.ts rebuildRateInputsChunk): one chunk of
-- items per transaction under the relay's lock, so the live feed flows between chunks; where it
-- has got to is kept here, so another node (or this one, restarted) carries on from there.
--
-- building: the digest of the rules and calendar being built against (null: no build under way);
-- building_after: the last item id done; building_done / building_total: items done and to do,
-- for /admin/status. While a build runs, config is null and /rates reads row by row.
alter table rate_input_state
  add column building       text,
  add column building_after bigint,
  add column building_done  integer not null default 0,
  add column building_total integer not null default 0;
