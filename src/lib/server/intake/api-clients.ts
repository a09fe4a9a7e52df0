import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { ApiSource } from '../../domain/intake.ts';
import type { Sql } from '../db/connection.ts';

/**
 * Upstream systems (国家/省信访信息系统, 12345) authenticate with a bearer token. Like session
 * tokens: random, shown once at creation, only the SHA-256 stored; a disabled client is refused
 * at once. The `lwk_` prefix makes a leaked token recognisable in logs and scanners.
 */
export type ApiClient = { id: number; name: string; source: ApiSource; scope: string };

const TOKEN = /^lwk_[a-z2-7]{32}$/;

export function generateApiToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return `lwk_${encodeBase32LowerCaseNoPadding(bytes)}`;
}

export const apiTokenHash = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

/** The client an `Authorization: Bearer …` header names, or null (missing, malformed, unknown or disabled). */
export async function authenticateApiClient(sql: Sql, header: string | null, now = new Date()): Promise<ApiClient | null> {
	const match = /^Bearer ([^\s]+)$/.exec(header ?? '');
	if (!match || !TOKEN.test(match[1])) return null;
	const [client] = await sql<ApiClient[]>`
		select id, name, source, scope_region as scope from api_client
		 where token_hash = ${apiTokenHash(match[1])} and disabled_at is null`;
	if (!client) return null;
	// at most one write a minute per client: busy upstream systems should not queue on this row
	await sql`update api_client set last_used_at = ${now}
	          where id = ${client.id} and (last_used_at is null or last_used_at < ${now}::timestamptz - interval '1 minute')`;
	return client;
}

/** Creates a client; returns its id and the token, which is never shown again. */
export async function createApiClient(
	tx: Sql,
	input: { name: string; source: ApiSource; scope: string },
	createdBy: number
): Promise<{ id: number; token: string; prefix: string }> {
	const token = generateApiToken();
	const prefix = token.slice(0, 8);
	const [{ id }] = await tx<{ id: number }[]>`
		insert into api_client (name, source, scope_region, token_hash, token_prefix, created_by)
		values (${input.name}, ${input.source}, ${input.scope}, ${apiTokenHash(token)}, ${prefix}, ${createdBy})
		returning id`;
	return { id, token, prefix };
}

/** A client locked for a change in the caller's transaction, or null. */
export async function apiClientForUpdate(tx: Sql, id: number): Promise<{ id: number; name: string; scope: string; disabled: boolean } | null> {
	const [client] = await tx<{ id: number; name: string; scope: string; disabled: boolean }[]>`
		select id, name, scope_region as scope, disabled_at is not null as disabled from api_client where id = ${id} for update`;
	return client ?? null;
}

/** 停用: the token stops working at once (authenticateApiClient refuses it); what it registered stays. */
export async function disableApiClient(tx: Sql, id: number): Promise<void> {
	await tx`update api_client set disabled_at = now() where id = ${id}`;
}
