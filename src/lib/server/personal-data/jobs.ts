/**
 * The two batch jobs over the petitioner table, each batch its own transaction (rows locked, so
 * a registration meanwhile waits for the batch, never loses a write), each resumable because it
 * picks what is left rather than counting what was done:
 *  - convert: rows written before encryption (plaintext in legacy_*) get sealed, their
 *    identity_hash re-keyed to the blind index, the plaintext cleared;
 *  - rekey: values sealed under an older key are opened and sealed again under the current one.
 */
import { createHash } from 'node:crypto';
import type { Sql } from '../db/connection.ts';
import { identityKey, sealPetitioner } from '../intake/petitioners.ts';
import { keyIdOf, open, seal, type Keyring } from './codec.ts';
import { plaintextRemaining } from './store.ts';

export type Progress = (done: number, total: number) => void;
export type JobOptions = { batch?: number; onProgress?: Progress };

const hex = (b: Buffer | null) => b && b.toString('hex');

/** Runs `step` on batches until it finds nothing; returns the rows changed. */
async function inBatches(total: number, step: () => Promise<number>, onProgress: Progress): Promise<number> {
	let done = 0;
	onProgress(0, total);
	for (let n = await step(); n > 0; n = await step()) {
		done += n;
		onProgress(done, Math.max(total, done));
	}
	return done;
}

/** Before encryption, a person without an ID number was keyed by SHA-256 of name and phone. */
const oldNamePhoneKey = (name: string, phone: string) => createHash('sha256').update(`name+phone:${name}|${phone}`).digest('hex');

type LegacyRow = { id: bigint; name: string; idNumber: string | null; phone: string | null; hash: string };

/** Seals every plaintext row left from before encryption; then no plaintext remains. */
export async function convertPlaintext(sql: Sql, ring: Keyring, options: JobOptions = {}): Promise<number> {
	const { batch = 2000, onProgress = () => {} } = options;
	const total = await plaintextRemaining(sql);
	if (total === 0) return 0;
	return inBatches(total, () =>
		sql.begin(async (tx) => {
			const rows = await tx<LegacyRow[]>`
				select id, name, legacy_id_number as "idNumber", legacy_phone as phone, encode(identity_hash, 'hex') as hash from petitioner
				 where legacy_id_number is not null or legacy_phone is not null order by id limit ${batch} for update`;
			const sealed = rows.map((r) => {
				const s = sealPetitioner(r, ring);
				// a person with neither ID nor the old name+phone key had a random key: it stays theirs
				const rekeyed = r.idNumber || (r.phone && r.hash === oldNamePhoneKey(r.name, r.phone));
				return { id: String(r.id), h: rekeyed ? identityKey(r, ring) : r.hash, i: hex(s.idNumberEnc), p: hex(s.phoneEnc), x: hex(s.phoneIndex) };
			});
			if (sealed.length)
				await tx`
					update petitioner p
					   set identity_hash = decode(v.h, 'hex'), id_number_enc = decode(v.i, 'hex'), phone_enc = decode(v.p, 'hex'),
					       phone_index = decode(v.x, 'hex'), legacy_id_number = null, legacy_phone = null
					  from jsonb_to_recordset(${tx.json(sealed)}::jsonb) as v(id bigint, h text, i text, p text, x text)
					 where p.id = v.id`;
			return rows.length;
		}) as Promise<number>,
	onProgress);
}

/** Values sealed under a key other than the keyring's current one. */
export async function staleValues(sql: Sql, ring: Keyring): Promise<number> {
	const [{ n }] = await sql<{ n: number }[]>`
		select count(*)::int as n from petitioner, unnest(array[id_number_enc, phone_enc]) as v where v is not null and get_byte(v, 1) <> ${ring.current.id}`;
	return n;
}

/** Moves every value to the keyring's current key, in batches; returns the rows re-sealed. */
export async function rekey(sql: Sql, ring: Keyring, options: JobOptions = {}): Promise<number> {
	const { batch = 2000, onProgress = () => {} } = options;
	const k = ring.current.id;
	const [{ total }] = await sql<{ total: number }[]>`
		select count(*)::int as total from petitioner
		 where get_byte(id_number_enc, 1) <> ${k} or get_byte(phone_enc, 1) <> ${k}`;
	const again = (v: Buffer | null) => (v === null || keyIdOf(v) === k ? v : seal(ring, open(ring, v)));
	return inBatches(total, () =>
		sql.begin(async (tx) => {
			const rows = await tx<{ id: bigint; idNumberEnc: Buffer | null; phoneEnc: Buffer | null }[]>`
				select id, id_number_enc as "idNumberEnc", phone_enc as "phoneEnc" from petitioner
				 where get_byte(id_number_enc, 1) <> ${k} or get_byte(phone_enc, 1) <> ${k}
				 order by id limit ${batch} for update`;
			const resealed = rows.map((r) => ({ id: String(r.id), i: hex(again(r.idNumberEnc)), p: hex(again(r.phoneEnc)) }));
			if (resealed.length)
				await tx`
					update petitioner p set id_number_enc = decode(v.i, 'hex'), phone_enc = decode(v.p, 'hex')
					  from jsonb_to_recordset(${tx.json(resealed)}::jsonb) as v(id bigint, i text, p text)
					 where p.id = v.id`;
			return rows.length;
		}) as Promise<number>,
	onProgress);
}
