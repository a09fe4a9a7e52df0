import type { Sql } from '../../src/lib/server/db/connection.ts';
import { DEMO_PASSWORD } from './auth.ts';

/**
 * HTTP helpers for the admin and bad-input e2e tests: sign in and post form actions the way
 * SvelteKit's `use:enhance` does (same origin, JSON answer), and fingerprint the database.
 */

/** The client address when a test gives none (servers here may read it from X-Forwarded-For, via ADDRESS_HEADER). */
const LOOPBACK = '127.0.0.2';

/** Signs in through POST /login; returns `lw_session=…` or null. */
export async function signInCookie(base: string, username: string, password = DEMO_PASSWORD, ip?: string): Promise<string | null> {
	const headers: Record<string, string> = { origin: base, 'x-forwarded-for': ip ?? LOOPBACK };
	const res = await fetch(`${base}/login`, { method: 'POST', headers, body: new URLSearchParams({ username, password }), redirect: 'manual' });
	await res.arrayBuffer();
	const pair = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => /^lw_session=[a-z2-7]+$/.test(c));
	return pair ?? null;
}

/** devalue's flat form (what an action's `data` is) back to plain objects; enough for our results. */
export function unflatten(text: string): unknown {
	const values = JSON.parse(text) as unknown[];
	const hydrate = (i: number): unknown => {
		if (i === -1) return undefined;
		if (i < 0) return null;
		const value = values[i];
		if (Array.isArray(value)) return value.map((j) => hydrate(j as number));
		if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, j]) => [k, hydrate(j as number)]));
		return value;
	};
	return hydrate(0);
}

/** An action's outcome: the effective status (a failure's own status, else the HTTP one) and its data. */
export type Outcome = { status: number; type: string; data: Record<string, unknown>; message: string; raw: string };

export async function send(
	base: string,
	path: string,
	init: { cookie?: string | null; body?: BodyInit; contentType?: string; method?: string; origin?: string | null; ip?: string; headers?: Record<string, string> } = {}
): Promise<Outcome> {
	const headers: Record<string, string> = { ...init.headers };
	if (init.origin !== null) headers.origin = init.origin ?? base;
	if (init.cookie) headers.cookie = init.cookie;
	if (init.contentType) headers['content-type'] = init.contentType;
	headers['x-forwarded-for'] = init.ip ?? LOOPBACK;
	const res = await fetch(`${base}${path}`, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers, body: init.body, redirect: 'manual' });
	const raw = await res.text();
	let json: { type?: string; status?: number; data?: string; error?: string | { message?: string }; field?: string } | null = null;
	try {
		json = JSON.parse(raw);
	} catch {
		// an HTML page or plain text
	}
	// a JSON endpoint's refusal: { error, field }
	const api = json && typeof json.error === 'string' ? { message: json.error, field: json.field } : null;
	const data = json && typeof json.data === 'string' ? (unflatten(json.data) as Record<string, unknown>) : (api ?? {});
	const type = json?.type ?? (res.headers.get('content-type')?.includes('text/html') ? 'html' : 'text');
	const status = json?.type === 'failure' || json?.type === 'redirect' ? (json.status ?? res.status) : res.status;
	const message = typeof data.message === 'string' ? data.message : ((typeof json?.error === 'object' ? json.error?.message : undefined) ?? raw);
	return { status, type, data, message, raw };
}

export const form = (fields: Record<string, string> | [string, string][]) => new URLSearchParams(fields);

/** What a refused request must leave alone: row counts, every account row, and the newest audit entry. */
export async function fingerprint(sql: Sql) {
	// the clock sweeper relights items written by earlier (accepted) cases on its own: let it
	// finish first, so its feed events are not mistaken for something a refused request wrote
	for (let i = 0; i < 100; i++) {
		const [{ due }] = await sql<{ due: boolean }[]>`select exists (select 1 from petition_item where light_at <= now()) as due`;
		if (!due) break;
		await new Promise((r) => setTimeout(r, 50));
	}
	const [row] = await sql<{ users: string; sessions: number; units: number; items: number; petitioners: number; letters: number; serials: number; outbox: number; lastAudit: string }[]>`
		select (select md5(coalesce(string_agg(u::text, '|' order by u.id), '')) from app_user u) as users,
		       (select count(*)::int from user_session) as sessions,
		       (select count(*)::int from unit) as units,
		       (select count(*)::int from petition_item) as items,
		       (select count(*)::int from petitioner) as petitioners,
		       (select count(*)::int from supervision_letter) as letters,
		       (select coalesce(sum(last), 0)::int from letter_serial) as serials,
		       (select count(*)::int from outbox) as outbox,
		       (select coalesce(max(id), 0)::text from audit_log) as "lastAudit"`;
	return row;
}

/** Audit entries written after `sinceId`, optionally of these actions. */
export async function auditSince(sql: Sql, sinceId: string, actions?: string[]) {
	return sql<{ action: string; target: string | null; detail: Record<string, unknown> }[]>`
		select action, target, detail from audit_log
		 where id > ${sinceId}::bigint ${actions ? sql`and action = any(${actions})` : sql``} order by id`;
}

/** Chinese text (CJK ideographs) somewhere in the message: every refusal must say what is wrong in Chinese. */
export const isChinese = (message: string) => /[\u4e00-\u9fff]/.test(message);
