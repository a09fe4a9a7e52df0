-- 群体访预警 per region, computed with the rate board (every 5 minutes) by the rule /work lists them
-- with: {windowHours, reached, approaching, reachedByArea: {child adcode: reached}}. The wall reads
-- this small row instead of clustering the window's petitions on every snapshot.
alter table rate_board add column group_warnings jsonb;
