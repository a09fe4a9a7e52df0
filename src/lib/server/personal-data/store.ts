/**
 * The database's side of the keys: which keys (by id and fingerprint, never the key) have sealed
 * data here, checked against the node's keyring at start-up, so a node with the wrong key file
 * refuses to start instead of writing values nobody else can read.
 */
import type { Db, Sql } from '../db/connection.ts';
import { PersonalDataError, type Keyring } from './codec.ts';

/** A key as recorded: `index` has id 0. */
export type KeyRecord = { kind: 'data' | 'index'; id: number; fingerprint: string };

export function recordsOf(ring: Keyring): KeyRecord[] {
	return [{ kind: 'index', id: 0, fingerprint: ring.index.fingerprint }, ...[...ring.keys.values()].map((k) => ({ kind: 'data' as const, id: k.id, fingerprint: k.fingerprint }))];
}

export const recordedKeys = (db: Db) =>
	db<KeyRecord[]>`select kind, id, fingerprint from personal_data_key order by kind, id`;

/** Key ids that seal at least one stored value. */
export async function keyIdsInUse(db: Db): Promise<number[]> {
	const rows = await db<{ id: number }[]>`
		select distinct get_byte(v, 1) as id from petitioner, unnest(array[id_number_enc, phone_enc]) as v where v is not null order by 1`;
	return rows.map((r) => r.id);
}

/**
 * Checks the keyring against the keys recorded here and records the ones this node brings.
 * Refused: a recorded key id whose fingerprint differs (another key under the same id), another
 * index key (every match would silently fail), a recorded key still in use that this node lacks.
 */
export async function registerKeys(sql: Sql, ring: Keyring): Promise<void> {
	await sql.begin(async (tx) => {
		// recorded first (a node starting at the same time with other keys waits here, then is compared below)
		await tx`insert into personal_data_key ${tx(recordsOf(ring), 'kind', 'id', 'fingerprint')} on conflict (kind, id) do nothing`;
		const recorded = await recordedKeys(tx);
		for (const r of recorded) {
			const mine = r.kind === 'index' ? ring.index.fingerprint : ring.keys.get(r.id)?.fingerprint;
			if (mine !== undefined && mine !== r.fingerprint)
				throw new PersonalDataError(`个人信息${r.kind === 'index' ? '索引' : ''}密钥 ${r.id} 与数据库登记的不符（指纹 ${r.fingerprint}，本节点 ${mine}）：请使用写入这些数据时的密钥文件`);
		}
		const missing = recorded.filter((r) => r.kind === 'data' && !ring.keys.has(r.id)).map((r) => r.id);
		if (missing.length) {
			const used = (await keyIdsInUse(tx)).filter((id) => missing.includes(id));
			if (used.length) throw new PersonalDataError(`数据库中仍有用密钥 ${used.join('、')} 加密的个人信息，本节点的密钥文件中没有该密钥`);
		}
	});
}

/** Rows that still hold a plaintext ID number or phone (0 once converted). */
export async function plaintextRemaining(db: Db): Promise<number> {
	const [{ n }] = await db<{ n: number }[]>`select count(*)::int as n from petitioner where legacy_id_number is not null or legacy_phone is not null`;
	return n;
}
