-- Fencing for the relay: each node that becomes the relay takes the next epoch, and a stamping
-- transaction proceeds only under its own epoch. A relay that lost its lock without noticing yet
-- (its session died a moment ago) then stamps nothing more, so two relays never publish at once.
alter table feed_state add column epoch bigint not null default 0;
