import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../db/connection.ts';
import { identityHash } from '../sim/people.ts';

export type PetitionerInput = { name: string; phone: string | null; idNumber: string | null };

/**
 * The key a petitioner is matched by without reading the identity (repeat detection): the
 * SHA-256 of the ID number when there is one; else of name and phone, kept apart from ID hashes
 * by a prefix; with neither, a random key — someone we cannot tell apart from namesakes.
 */
export function identityKey(p: PetitionerInput): string | null {
	if (p.idNumber) return identityHash(p.idNumber).toString('hex');
	if (p.phone) return createHash('sha256').update(`name+phone:${p.name}|${p.phone}`).digest('hex');
	return null;
}

/**
 * The petitioner row for this person: found by key (filling in a phone the record lacks) or
 * created. Returns the name already on file when the person was known under another name.
 */
export async function upsertPetitioner(tx: Sql, p: PetitionerInput, now: Date): Promise<{ id: bigint; nameOnFile: string | null; identityHash: string }> {
	const key = identityKey(p) ?? randomBytes(32).toString('hex');
	const [row] = await tx<{ id: bigint; name: string; existed: boolean }[]>`
		insert into petitioner (name, id_number, phone, identity_hash, created_at)
		values (${p.name}, ${p.idNumber}, ${p.phone}, decode(${key}, 'hex'), ${now})
		on conflict (identity_hash) do update set phone = coalesce(petitioner.phone, excluded.phone)
		returning id, name, xmax <> 0 as existed`;
	return { id: row.id, nameOnFile: row.existed ? row.name : null, identityHash: key };
}
