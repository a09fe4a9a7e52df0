-- Self-service password change, and a change forced after an administrator's reset: the admin
-- who set the password knows it, so the account must choose its own before doing anything else.
alter table app_user add column password_change_required boolean not null default false;
alter table app_user add column password_changed_at timestamptz;
