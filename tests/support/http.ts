import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/feed/protocol.ts';
import { DEMO_PASSWORD } from './auth.ts';

export const SESSION_COOKIE = 'lw_session';

export type Reply = { status: number; location: string | null; body: string; setCookies: string[] };

/** One request as a browser would send it (same-origin), never following redirects. */
export async function request(
	base: string,
	path: string,
	options: { cookie?: string | null; page?: boolean; method?: string; form?: Record<string, string>; ip?: string } = {}
): Promise<Reply> {
	const headers: Record<string, string> = { origin: base };
	if (options.cookie) headers.cookie = options.cookie;
	// a browser's navigation or form post; fetch's default (*/*) makes SvelteKit answer a form action in JSON
	if (options.page || options.form) headers.accept = 'text/html,application/xhtml+xml';
	if (options.ip) headers['x-forwarded-for'] = options.ip;
	const response = await fetch(new URL(path, base), {
		method: options.method ?? (options.form ? 'POST' : 'GET'),
		headers,
		body: options.form ? new URLSearchParams(options.form) : undefined,
		redirect: 'manual'
	});
	return { status: response.status, location: response.headers.get('location'), body: await response.text(), setCookies: response.headers.getSetCookie() };
}

/** The session cookie a reply sets (`lw_session=…`), or null. */
export function sessionCookieOf(reply: Reply): string | null {
	for (const line of reply.setCookies) {
		const pair = line.split(';')[0];
		if (pair.startsWith(`${SESSION_COOKIE}=`) && pair.length > SESSION_COOKIE.length + 1) return pair;
	}
	return null;
}

/** Signs in through the real form action; returns the reply (and the cookie, when it worked). */
export async function signInByFetch(base: string, username: string, password = DEMO_PASSWORD, ip?: string) {
	const reply = await request(base, '/login', { form: { username, password }, ip });
	return { reply, cookie: sessionCookieOf(reply) };
}

export type FeedClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A websocket to the feed with the given cookie and Origin; resolves once connected or refused. */
export function openSocket(base: string, options: { cookie?: string | null; origin?: string } = {}): Promise<{ socket: FeedClient; connected: boolean; error: string | null }> {
	const extraHeaders: Record<string, string> = { origin: options.origin ?? base };
	if (options.cookie) extraHeaders.cookie = options.cookie;
	const socket: FeedClient = io(base, { transports: ['websocket'], extraHeaders, reconnection: false, forceNew: true, timeout: 5000 });
	return new Promise((resolve) => {
		let settled = false;
		const refused = (error: string) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve({ socket, connected: false, error });
			socket.close();
		};
		// a server that dies mid-handshake closes the transport without a connect_error
		const timer = setTimeout(() => refused('no answer within 8 s'), 8000);
		// (a refusal closes the transport too, just before connect_error: let that one speak first)
		const closed = (reason: string) => setTimeout(() => refused(`transport closed: ${reason}`), 50);
		socket.io.once('close', closed);
		socket.once('connect', () => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			socket.io.off('close', closed);
			resolve({ socket, connected: true, error: null });
		});
		socket.once('connect_error', (error) => refused(error.message));
	});
}
