-- The local day an item was received, indexed: a rollup rebuild after a rule change (0041)
-- replaces a chunk of days at a time while holding the relay's lock, and reads only those days'
-- items through the truth views instead of the whole table per chunk.
create index petition_item_local_day on petition_item (((received_at at time zone 'Asia/Shanghai')::date));
