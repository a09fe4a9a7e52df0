-- Password policy (等保 2.0 身份鉴别): a new password may not be any of the account's last five.
-- Each time a password is replaced (a self-service change, an administrator's reset) the hash it
-- had goes here; the newest four are kept (with the current one, five). Only argon2id hashes, as in
-- app_user: a leaked table gives no passwords away.
create table password_history (
  id            bigint generated always as identity primary key,
  user_id       integer not null references app_user (id),
  password_hash text not null,
  retired_at    timestamptz not null default now()
);
create index password_history_user on password_history (user_id, id desc);
