-- 个人信息加密存储 (issue 15): petitioners' ID numbers and phones are kept only as SM4 ciphertext
-- (src/lib/server/personal-data/codec.ts: version byte, key id, IV, ciphertext, HMAC-SM3 tag);
-- the keys live outside the database. Matching and search use keyed HMAC-SM3 blind indexes:
-- identity_hash (by ID number, else name and phone) and phone_index (search by phone).
--
-- The plaintext columns are renamed so nothing can read or write them by their old names. Rows
-- written before this version still hold plaintext there until the node converts them at
-- start-up (it needs the key, which SQL never sees); the NOT VALID check refuses plaintext in
-- any row written or updated from now on, and is validated once the conversion is done.
alter table petitioner rename column id_number to legacy_id_number;
alter table petitioner rename column phone to legacy_phone;
alter table petitioner
  add column id_number_enc bytea check (id_number_enc is null or (get_byte(id_number_enc, 0) = 1 and length(id_number_enc) >= 50 and (length(id_number_enc) - 34) % 16 = 0)),
  add column phone_enc bytea check (phone_enc is null or (get_byte(phone_enc, 0) = 1 and length(phone_enc) >= 50 and (length(phone_enc) - 34) % 16 = 0)),
  add column phone_index bytea check (phone_index is null or length(phone_index) = 32),
  add constraint petitioner_phone_sealed check ((phone_enc is null) = (phone_index is null)),
  add constraint petitioner_no_plaintext check (legacy_id_number is null and legacy_phone is null) not valid;
create index petitioner_phone_index on petitioner (phone_index) where phone_index is not null;
-- rows still to convert (none once the start-up conversion has run)
create index petitioner_legacy on petitioner (id) where legacy_id_number is not null or legacy_phone is not null;
