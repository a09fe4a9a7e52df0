-- 智能校对: a warning's code may hold digits. 0005 allowed only [a-z_], so the code
-- received_before_2000 (a receipt before 2000, a warning, never a refusal) failed the check and
-- the whole registration with it (HTTP 500 on the form, the API and an import). The pattern is
-- QUALITY_CODE_PATTERN in src/lib/domain/quality.ts; a unit test keeps the two the same.
alter table item_quality_warning
  drop constraint item_quality_warning_code_check,
  add constraint item_quality_warning_code_check check (code ~ '^[a-z][a-z0-9_]*$');
