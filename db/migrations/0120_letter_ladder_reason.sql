-- The ladder (督办函 → 风险提醒函 → 问责建议函): a 问责建议函 issued by hand on items that never had
-- a 督办函 carries the stated reason for skipping the step (the facts: shirking or faking that
-- caused serious consequences), kept with the letter and shown on it.
alter table supervision_letter
  add column ladder_reason text check (length(ladder_reason) between 10 and 500);
