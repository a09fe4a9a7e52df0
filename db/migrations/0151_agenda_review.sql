-- Every meeting after a region's first opens with 上次会议议定事项落实情况: the previous meeting's
-- decisions, each with its owner, deadline and state. A new agenda kind, 'review'; its ref names
-- the meeting reviewed ({"meetingId": n}).
alter table agenda_item drop constraint agenda_item_kind_check;
alter table agenda_item add constraint agenda_item_kind_check
  check (kind in ('review', 'overdue', 'stalled_case', 'group', 'skip_level', 'falling_rate', 'ignored_letter', 'custom'));
