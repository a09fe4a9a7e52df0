-- 智能校对: "责任单位为上级单位" was raised for every unit outside the matter's own region, so a
-- city department handling a matter of one of its counties (the competent body one level up, as
-- 属地管理、分级负责 intends) was flagged. The rule now warns only for a unit two or more levels
-- above the place; the warnings stored under the old rule for a unit exactly one level up go.
delete from item_quality_warning w
 using petition_item i, unit u, region r
 where w.item_id = i.id
   and w.code = 'unit_higher_level'
   and u.id = i.unit_id
   and r.adcode = i.region
   and u.region = r.parent;
