import { regionInScope } from '$lib/domain/access.ts';
import type { Sql } from '$lib/server/db/connection.ts';

/** One row of the client list: never the token (only its hash is stored), only its prefix. */
export type ClientRow = { id: number; name: string; source: string; scope: string; scopeName: string; prefix: string; createdAt: string; lastUsedAt: string | null; disabled: boolean; items: number };

/** The clients whose scope lies within `scope`, enabled first; clients are few, so the scope rule runs in code. */
export async function clientsWithin(sql: Sql, scope: string): Promise<ClientRow[]> {
	const rows = await sql<ClientRow[]>`
		select c.id, c.name, c.source, c.scope_region as scope, r.name as "scopeName", c.token_prefix as prefix,
		       to_char(c.created_at, 'YYYY-MM-DD HH24:MI') as "createdAt", to_char(c.last_used_at, 'YYYY-MM-DD HH24:MI') as "lastUsedAt",
		       c.disabled_at is not null as disabled,
		       (select count(*)::int from petition_item i where i.api_client_id = c.id) as items
		  from api_client c join region r on r.adcode = c.scope_region order by c.disabled_at is not null, c.id`;
	return rows.filter((c) => regionInScope(scope, c.scope));
}

/** The provinces and cities within `scope` a client may push for (a county is too small a source). */
export async function scopeChoices(sql: Sql, scope: string): Promise<{ adcode: string; name: string; level: string }[]> {
	const rows = await sql<{ adcode: string; name: string; level: string }[]>`select adcode, name, level from region where level <> 'county' order by adcode`;
	return rows.filter((r) => regionInScope(scope, r.adcode));
}
