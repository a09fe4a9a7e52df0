import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Sql } from '../db/connection.ts';
import type { Principal, Role } from '../../domain/access.ts';

/**
 * Sessions the way the Lucia guide teaches: a random token in the cookie, only its SHA-256 in
 * the database; sliding expiry within an absolute limit. A display (大屏) account's session is
 * long-lived — the wall runs unattended for days — and revocable like any other.
 */
export const SESSION_COOKIE = 'lw_session';

const DAY = 86_400_000;
const LIFETIMES: Record<'person' | 'display', { sliding: number; absolute: number }> = {
	person: { sliding: 12 * 3600_000, absolute: 7 * DAY },
	display: { sliding: 30 * DAY, absolute: 365 * DAY }
};

export type Session = { id: string; userId: number; expiresAt: Date; absoluteExpiresAt: Date };
/** mustChangePassword: set by an administrator's reset; until the account chooses its own, it may only change it or sign out. */
export type SessionUser = Principal & { displayName: string; screenName: string | null; mustChangePassword?: boolean };
export type SessionValidation = { session: Session; user: SessionUser } | { session: null; user: null };

export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export const sessionIdOf = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

/** A person's sliding window is the idle timeout (SESSION_IDLE_MINUTES, default 12 h); a display's is its own. */
const lifetimeOf = (role: Role, idleMs?: number) =>
	role === 'display' ? LIFETIMES.display : { sliding: Math.min(idleMs ?? LIFETIMES.person.sliding, LIFETIMES.person.absolute), absolute: LIFETIMES.person.absolute };

export async function createSession(
	sql: Sql,
	token: string,
	user: { id: number; role: Role },
	meta: { ip?: string | null; userAgent?: string | null; idleMs?: number } = {},
	now = new Date()
): Promise<Session> {
	const lifetime = lifetimeOf(user.role, meta.idleMs);
	const session: Session = {
		id: sessionIdOf(token),
		userId: user.id,
		expiresAt: new Date(now.getTime() + lifetime.sliding),
		absoluteExpiresAt: new Date(now.getTime() + lifetime.absolute)
	};
	await sql`
		insert into user_session (id, user_id, created_at, expires_at, absolute_expires_at, ip, user_agent)
		values (${session.id}, ${user.id}, ${now}, ${session.expiresAt}, ${session.absoluteExpiresAt},
		        ${meta.ip ?? null}, ${meta.userAgent?.slice(0, 300) ?? null})`;
	return session;
}

/**
 * The session and its user, or nulls; an active session past half its sliding window is renewed.
 * So a person's session ends after at most `idleMs` without a request (sooner when it was last
 * renewed early), and never past its absolute limit.
 */
export async function validateSessionToken(sql: Sql, token: string, now = new Date(), idleMs?: number): Promise<SessionValidation> {
	if (!/^[a-z2-7]{32}$/.test(token)) return { session: null, user: null };
	const id = sessionIdOf(token);
	const [row] = await sql<
		(Session & { role: Role; username: string; displayName: string; scope: string; unitId: number | null; screenName: string | null; disabled: boolean; mustChangePassword: boolean })[]
	>`
		select s.id, s.user_id as "userId", s.expires_at as "expiresAt", s.absolute_expires_at as "absoluteExpiresAt",
		       u.role, u.username, u.display_name as "displayName", u.scope_region as scope, u.unit_id as "unitId",
		       u.screen_name as "screenName", u.disabled_at is not null as disabled,
		       u.password_change_required as "mustChangePassword"
		  from user_session s join app_user u on u.id = s.user_id
		 where s.id = ${id}`;
	if (!row) return { session: null, user: null };
	if (row.disabled || now >= row.expiresAt || now >= row.absoluteExpiresAt) {
		await sql`delete from user_session where id = ${id}`;
		return { session: null, user: null };
	}
	const session: Session = { id, userId: row.userId, expiresAt: row.expiresAt, absoluteExpiresAt: row.absoluteExpiresAt };
	const lifetime = lifetimeOf(row.role, idleMs);
	if (row.expiresAt.getTime() - now.getTime() < lifetime.sliding / 2) {
		session.expiresAt = new Date(Math.min(now.getTime() + lifetime.sliding, row.absoluteExpiresAt.getTime()));
		await sql`update user_session set expires_at = ${session.expiresAt} where id = ${id}`;
	}
	const user: SessionUser = {
		userId: row.userId,
		username: row.username,
		role: row.role,
		scope: row.scope,
		unitId: row.unitId,
		displayName: row.displayName,
		screenName: row.screenName,
		mustChangePassword: row.mustChangePassword
	};
	return { session, user };
}

export async function invalidateSession(sql: Sql, sessionId: string): Promise<void> {
	await sql`delete from user_session where id = ${sessionId}`;
}

/** On a password, role or scope change, or revocation: every session of the account ends. */
export async function invalidateUserSessions(sql: Sql, userId: number): Promise<string[]> {
	const rows = await sql<{ id: string }[]>`delete from user_session where user_id = ${userId} returning id`;
	return rows.map((r) => r.id);
}

/** On a password change by its owner: every other session of the account ends, the one in use stays. */
export async function invalidateOtherSessions(sql: Sql, userId: number, keepSessionId: string): Promise<string[]> {
	const rows = await sql<{ id: string }[]>`delete from user_session where user_id = ${userId} and id <> ${keepSessionId} returning id`;
	return rows.map((r) => r.id);
}

/** The cookie a session travels in: HttpOnly, SameSite=Lax, Secure over HTTPS, gone when the session is. */
export function setSessionCookie(
	cookies: { set: (name: string, value: string, options: { path: string; httpOnly: boolean; sameSite: 'lax'; secure: boolean; expires: Date }) => void },
	token: string,
	session: Pick<Session, 'expiresAt'>,
	secure: boolean
): void {
	cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: session.expiresAt });
}
