-- 作废: an issued letter withdrawn with a reason by an allowed account. Its 文号 stays taken (the
-- serial is never reused, so the register stays gap-free) and the register shows it as 作废.
alter table supervision_letter drop constraint supervision_letter_status_check;
alter table supervision_letter
  add constraint supervision_letter_status_check check (status in (
    'draft', 'issued', 'delivered', 'signed', 'replied', 'closed', 'returned', 'overdue', 'void')),
  add column voided_at   timestamptz,
  add column voided_by   integer references app_user (id),
  add column void_reason text check (length(void_reason) between 4 and 500),
  add constraint supervision_letter_void_complete check ((status = 'void') = (voided_at is not null and void_reason is not null));
