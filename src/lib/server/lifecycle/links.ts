import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Satisfaction } from '../../domain/vocabulary.ts';
import { audit } from '../auth/audit.ts';
import { transaction, type Sql } from '../db/connection.ts';
import { applyWithin, type ServiceActor, type TransitionResult } from './apply.ts';

/** How long a petitioner's evaluation link works. */
export const LINK_DAYS = 15;
const TOKEN = /^[a-z2-7]{32}$/;
const hashOf = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

/**
 * A one-time evaluation link for a concluded item: random, shown once, only its hash kept.
 * Only an item that is concluded and not yet evaluated gets one; null otherwise.
 */
export async function createEvaluationLink(sql: Sql, actor: ServiceActor, itemId: string, now = new Date()): Promise<string | null> {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	const token = encodeBase32LowerCaseNoPadding(bytes);
	return transaction(sql, async (tx) => {
		const [item] = await tx`select serial from petition_item where id = ${itemId} and concluded_at is not null and satisfaction is null for update`;
		if (!item) return null;
		const expires = new Date(now.getTime() + LINK_DAYS * 86400_000);
		await tx`insert into evaluation_link (token_hash, item_id, created_by, created_at, expires_at) values (${hashOf(token)}, ${itemId}, ${actor.name}, ${now}, ${expires})`;
		await audit(tx, { userId: actor.userId ?? null, username: actor.username ?? actor.name, action: 'item.evaluation_link', target: itemId, detail: { serial: item.serial, expires: expires.toISOString() }, ip: actor.ip ?? null });
		return token;
	});
}

export type LinkState = { ok: true; itemId: string } | { ok: false; message: string };
const GONE = '该评价链接无效、已使用或已过期';

/** Whether a link works now. Says nothing of the item beyond that (no serial, no summary). */
export async function checkLink(sql: Sql, token: string, now = new Date()): Promise<LinkState> {
	if (!TOKEN.test(token)) return { ok: false, message: GONE };
	const [link] = await sql<{ itemId: string }[]>`
		select item_id::text as "itemId" from evaluation_link where token_hash = ${hashOf(token)} and used_at is null and expires_at > ${now}`;
	return link ? { ok: true, itemId: link.itemId } : { ok: false, message: GONE };
}

/** The petitioner's answer through the link: works once, before it expires, for its own item only. */
export async function evaluateByLink(sql: Sql, token: string, satisfaction: Satisfaction, ip: string | null, now = new Date()): Promise<TransitionResult> {
	const gone: TransitionResult = { ok: false, status: 410, rule: 'link', field: 'token', message: `【评价链接】${GONE}`, replayed: false };
	if (!TOKEN.test(token)) return gone;
	return transaction(sql, async (tx) => {
		const [link] = await tx<{ itemId: string; region: string }[]>`
			select l.item_id::text as "itemId", i.region from evaluation_link l join petition_item i on i.id = l.item_id
			 where l.token_hash = ${hashOf(token)} and l.used_at is null and l.expires_at > ${now} for update of l`;
		if (!link) return gone;
		const actor: ServiceActor = { role: 'petitioner', scope: link.region, unitId: null, name: '信访人（评价链接）', ip };
		const result = await applyWithin(tx, actor, link.itemId, 'evaluate', { satisfaction }, { now });
		if (result.ok) await tx`update evaluation_link set used_at = ${now} where token_hash = ${hashOf(token)}`;
		return result;
	});
}
