-- The State Council notice a year's arrangement comes from: its date, beside its title (source).
-- A year without a row has only the statutory days of the law (computed, not stored).
alter table holiday_year add column notice_date date;
update holiday_year set notice_date = '2024-11-12' where year = 2025 and notice_date is null;
update holiday_year set notice_date = '2025-11-04' where year = 2026 and notice_date is null;
