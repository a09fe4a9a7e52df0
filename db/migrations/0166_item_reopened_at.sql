-- 退回重办 (send-back) used to re-stamp accepted_at with the send-back instant to restart the
-- 60-day 办结 clock. The same column ends the 受理告知 clock, so a send-back moved the acceptance
-- to the send-back day: a timely acceptance turned late in 及时受理率. The send-back now has its
-- own column; the 办结 clock runs from the later of accepted_at and reopened_at (clocks.ts).
alter table petition_item add column reopened_at timestamptz;

-- a write to anything a clock depends on asks the sweeper to look again at once (0008, with reopened_at)
create or replace function petition_item_clock_touch() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' or (new.status, new.track, new.received_at, new.routed_at, new.accepted_at, new.rejected_at,
                          new.concluded_at, new.reopened_at, new.replied_at, new.closed_at, new.diverted_at, new.extended_days)
       is distinct from (old.status, old.track, old.received_at, old.routed_at, old.accepted_at, old.rejected_at,
                         old.concluded_at, old.reopened_at, old.replied_at, old.closed_at, old.diverted_at, old.extended_days) then
    new.light_at := '-infinity';
  end if;
  return new;
end $$;

-- Items already sent back: the latest send-back's instant (its petition_event goes 办结 → 办理中
-- with the note 退回重办：…; nothing else takes that step), and the acceptance restored from the
-- latest 受理 event (转送交办 → 受理) before it, where accepted_at still holds the send-back's
-- instant (an item reassigned and accepted again since keeps its newer acceptance). The updates go
-- through the capture and clock triggers: the sweeper relights the items and the relay refreshes
-- their rate inputs (0160) like any other write.
with back as (
  select e.item_id, max(e.at) as at
    from petition_event e
   where e.from_status = 'concluded' and e.to_status = 'handling' and e.note like '退回重办%'
   group by e.item_id
), accepted as (
  select distinct on (e.item_id) e.item_id, e.at
    from petition_event e join back b on b.item_id = e.item_id
   where e.from_status = 'routed' and e.to_status = 'accepted' and e.at <= b.at
   order by e.item_id, e.at desc
), fix as (
  select b.item_id, b.at as reopened, a.at as accepted from back b left join accepted a on a.item_id = b.item_id
)
update petition_item i
   set reopened_at = f.reopened,
       accepted_at = case when i.accepted_at = f.reopened and f.accepted is not null then f.accepted else i.accepted_at end
  from fix f
 where i.id = f.item_id;
