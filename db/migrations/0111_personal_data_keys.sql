-- The keys that have sealed data here: id and fingerprint only (a fingerprint is an HMAC of the
-- key, not the key). A node whose keys differ refuses to start; a backup's manifest copies them.
create table personal_data_key (
  kind          text not null check (kind in ('data', 'index')),
  id            smallint not null check (id between 0 and 255),
  fingerprint   text not null check (fingerprint ~ '^[0-9a-f]{16}$'),
  registered_at timestamptz not null default now(),
  primary key (kind, id),
  check ((kind = 'index') = (id = 0))
);
