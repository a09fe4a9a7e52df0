import { randomBytes } from 'node:crypto';
import type { Sql } from '../db/connection.ts';
import { blindIndex, openOrNull, seal, sealOrNull, type Keyring } from '../personal-data/codec.ts';
import { keyring } from '../personal-data/keyring.ts';

export type PetitionerInput = { name: string; phone: string | null; idNumber: string | null };

/** An ID number as matched: trimmed, the check character X upper case. */
export const normaliseIdNumber = (id: string) => id.trim().toUpperCase();

/**
 * The key a petitioner is matched by without reading the identity (repeat detection): the
 * blind index (keyed HMAC-SM3) of the ID number when there is one; else of name and phone, kept
 * apart from ID numbers by its label; with neither, null — someone we cannot tell from namesakes.
 * An ID number found by search is matched by the same key.
 */
export function identityKey(p: PetitionerInput, ring: Keyring = keyring()): string | null {
	if (p.idNumber) return blindIndex(ring, 'id', normaliseIdNumber(p.idNumber)).toString('hex');
	if (p.phone) return blindIndex(ring, 'name+phone', `${p.name}|${p.phone}`).toString('hex');
	return null;
}

/** What a petitioner row stores: ciphertext and blind indexes, never the plain number or phone. */
export type SealedPetitioner = { identityHash: Buffer; idNumberEnc: Buffer | null; phoneEnc: Buffer | null; phoneIndex: Buffer | null };

/** Seals one petitioner's personal data (the demo generator calls this for every row it loads). */
export function sealPetitioner(p: PetitionerInput, ring: Keyring = keyring()): SealedPetitioner {
	const key = identityKey(p, ring);
	return {
		identityHash: key ? Buffer.from(key, 'hex') : randomBytes(32),
		idNumberEnc: sealOrNull(ring, p.idNumber && normaliseIdNumber(p.idNumber)),
		phoneEnc: p.phone ? seal(ring, p.phone) : null,
		phoneIndex: p.phone ? blindIndex(ring, 'phone', p.phone) : null
	};
}

/** The plain ID number and phone of a stored row (for masking on the server, or the audited unmask). */
export function openPetitioner(row: { idNumberEnc: Uint8Array | null; phoneEnc: Uint8Array | null }, ring: Keyring = keyring()) {
	return { idNumber: openOrNull(ring, row.idNumberEnc), phone: openOrNull(ring, row.phoneEnc) };
}

/**
 * The petitioner row for this person: found by key (filling in a phone the record lacks) or
 * created. Returns the name already on file when the person was known under another name.
 */
export async function upsertPetitioner(tx: Sql, p: PetitionerInput, now: Date): Promise<{ id: bigint; nameOnFile: string | null; identityHash: string }> {
	const s = sealPetitioner(p);
	const [row] = await tx<{ id: bigint; name: string; existed: boolean }[]>`
		insert into petitioner (name, id_number_enc, phone_enc, phone_index, identity_hash, created_at)
		values (${p.name}, ${s.idNumberEnc}, ${s.phoneEnc}, ${s.phoneIndex}, ${s.identityHash}, ${now})
		on conflict (identity_hash) do update
		   set phone_enc = coalesce(petitioner.phone_enc, excluded.phone_enc),
		       phone_index = coalesce(petitioner.phone_index, excluded.phone_index)
		returning id, name, xmax <> 0 as existed`;
	return { id: row.id, nameOnFile: row.existed ? row.name : null, identityHash: s.identityHash.toString('hex') };
}

/**
 * Petitioners found by ID number or phone, through the blind indexes (nothing is decrypted to
 * search). An ID number finds the person it identifies; a phone every person who gave it.
 */
export async function findPetitioners(sql: Sql, query: { idNumber?: string; phone?: string }): Promise<bigint[]> {
	const ring = keyring();
	if (query.idNumber) {
		const key = blindIndex(ring, 'id', normaliseIdNumber(query.idNumber));
		return (await sql<{ id: bigint }[]>`select id from petitioner where identity_hash = ${key}`).map((r) => r.id);
	}
	if (query.phone) {
		const key = blindIndex(ring, 'phone', query.phone.trim());
		return (await sql<{ id: bigint }[]>`select id from petitioner where phone_index = ${key} order by id`).map((r) => r.id);
	}
	return [];
}
