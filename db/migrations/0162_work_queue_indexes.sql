-- /work for the province (P9): 预测逾期 forecasts the 2,000 nearest conclusion dates from each
-- unit's last 20 conclusions and its backlog. Measured on the 200,000-item demo, those three
-- reads took some 1 s of a page's 1.2–1.9 s: the candidates sorted from a scan of the table, the
-- samples sorted per unit from all its items (~1,000 units), the backlog counted from them.
-- Each index below turns one of them into a range read in the order asked for.

-- the candidates: clocks of conclusion still green or yellow, nearest due first
create index petition_item_concluding_due on petition_item (clock_due, id)
  where clock = 'conclude' and light in ('green', 'yellow') and unit_id is not null;
-- a unit's latest conclusions (the pace), read from the index alone; id settles a tie at the 20th
create index petition_item_unit_concluded on petition_item (unit_id, concluded_at desc, id desc) include (accepted_at)
  where concluded_at is not null and accepted_at is not null;
-- a unit's items under the conclusion clock (the backlog)
create index petition_item_unit_concluding on petition_item (unit_id) where clock = 'conclude';
