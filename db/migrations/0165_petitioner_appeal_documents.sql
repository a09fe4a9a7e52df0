-- The petitioner's 复查意见书 and 复核意见书: 复查意见 (review-decide) and 复核意见 (recheck-decide)
-- issue a numbered document like 受理/不予受理/办结 do (0097), by the 复查/复核机关, 文号
-- 代字 + 信复查 / 信复核 + 〔year〕 + n + 号, counted per 代字, kind and year. Only the kinds widen.
-- The checks are added NOT VALID and validated after (no long exclusive lock on a large table).
alter table petitioner_doc_serial drop constraint petitioner_doc_serial_kind_check;
alter table petitioner_doc_serial add constraint petitioner_doc_serial_kind_check
  check (kind in ('accept', 'reject', 'opinion', 'review', 'recheck')) not valid;
alter table petitioner_doc_serial validate constraint petitioner_doc_serial_kind_check;

alter table petitioner_document drop constraint petitioner_document_kind_check;
alter table petitioner_document add constraint petitioner_document_kind_check
  check (kind in ('accept', 'reject', 'opinion', 'review', 'recheck')) not valid;
alter table petitioner_document validate constraint petitioner_document_kind_check;
