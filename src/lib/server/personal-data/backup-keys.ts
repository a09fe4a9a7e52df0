/**
 * What a backup says about personal data: the keys that sealed it (id and fingerprint — never a
 * key: a backup restored needs the key file from elsewhere), the ids in use and any plaintext
 * rows. A restore checks the keys it has against these before loading anything.
 */
import type { Db } from '../db/connection.ts';
import type { Keyring } from './codec.ts';
import { keyIdsInUse, plaintextRemaining, recordedKeys, type KeyRecord } from './store.ts';

export type PersonalDataFacts = { keys: KeyRecord[]; inUse: number[]; plaintextRows: number };

/** Read in the backup's snapshot; null for a database from before encryption (0110). */
export async function readPersonalDataFacts(db: Db): Promise<PersonalDataFacts | null> {
	const [{ present }] = await db<{ present: boolean }[]>`select to_regclass('public.personal_data_key') is not null as present`;
	if (!present) return null;
	return { keys: await recordedKeys(db), inUse: await keyIdsInUse(db), plaintextRows: await plaintextRemaining(db) };
}

/** What keeps a restore from reading the backup's personal data with this keyring (empty: nothing). */
export function missingKeys(facts: PersonalDataFacts, ring: Keyring | null): string[] {
	const problems: string[] = [];
	for (const id of facts.inUse) {
		const recorded = facts.keys.find((k) => k.kind === 'data' && k.id === id);
		const mine = ring?.keys.get(id);
		if (!mine) problems.push(`密钥 ${id}（指纹 ${recorded?.fingerprint ?? '未登记'}）未配置`);
		else if (recorded && mine.fingerprint !== recorded.fingerprint) problems.push(`密钥 ${id} 与备份时的不同（备份 ${recorded.fingerprint}，本机 ${mine.fingerprint}）`);
	}
	const index = facts.keys.find((k) => k.kind === 'index');
	if (index && facts.inUse.length && ring && ring.index.fingerprint !== index.fingerprint) problems.push(`索引密钥与备份时的不同（备份 ${index.fingerprint}，本机 ${ring.index.fingerprint}）`);
	return problems;
}
