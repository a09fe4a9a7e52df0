-- A 问责建议函 is received in the system by its addressee (the body with authority to act, its
-- 主送机关), not by the unit concerned: that body's accounts 签收 and 反馈, and its unit room hears
-- the letter live. recipient_unit_id stays the unit concerned (the ladder, proposals, rates, the
-- wall's region); the feed payload now also names the addressee, so the live push reaches
-- coalesce(addresseeUnitId, recipientUnitId) and the unit concerned is told as the copy.
create or replace function supervision_letter_capture() returns trigger
language plpgsql as $$
declare
  payload jsonb;
begin
  if current_setting('liaowang.bulk_load', true) = 'on' then
    return null;
  end if;
  -- only what screens and inboxes show: the sweeper's bookkeeping (light_at) is no event
  if tg_op = 'UPDATE' and (new.status, new.light, new.feedback_due, new.escalated_to, new.signed_at, new.replied_at)
       is not distinct from (old.status, old.light, old.feedback_due, old.escalated_to, old.signed_at, old.replied_at) then
    return null;
  end if;
  payload := jsonb_build_object(
    'id', new.id, 'number', new.number_text, 'kind', new.kind, 'status', new.status,
    'recipientUnitId', new.recipient_unit_id, 'addresseeUnitId', new.addressee_unit_id,
    'feedbackDue', new.feedback_due, 'light', new.light,
    'issuedAt', new.issued_at, 'officeRegion', new.office_region);
  if tg_op = 'UPDATE' then
    payload := payload || jsonb_build_object('prev', jsonb_build_object('status', old.status, 'light', old.light));
  end if;
  insert into outbox (topic, entity, entity_id, op, region_path, payload)
  select 'letter', 'supervision_letter', new.id::text, lower(tg_op), region.path, payload
    from unit join region on region.adcode = unit.region
   where unit.id = new.recipient_unit_id;
  return null;
end $$;
