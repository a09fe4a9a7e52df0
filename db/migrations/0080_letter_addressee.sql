-- 问责建议函 go to the body with authority to act (纪检监察机关, 组织人事部门 …, chosen from the
-- unit directory by the rules), the unit concerned copied: the printed 主送机关. The letter's
-- recipient_unit_id stays the unit concerned (its inbox, its feedback, the escalation ladder).
alter table supervision_letter add column addressee_unit_id integer references unit (id);
