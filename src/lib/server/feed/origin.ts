import type { IncomingMessage } from 'node:http';

/** A request's cookie by name (null when absent or malformed). */
export function cookie(request: IncomingMessage, name: string): string | null {
	for (const part of (request.headers.cookie ?? '').split(';')) {
		const [key, ...value] = part.trim().split('=');
		if (key !== name) continue;
		try {
			return decodeURIComponent(value.join('='));
		} catch {
			return null; // a malformed cookie is no session, not a crash
		}
	}
	return null;
}

/**
 * The origin this server's pages have, as adapter-node sees it: ORIGIN when the operator set it,
 * else the scheme (a TLS proxy's PROTOCOL_HEADER, or this connection's own) and the host
 * (HOST_HEADER, or Host). Scheme included: a page on http:// must not drive a socket of https://.
 */
export function ownOrigin(request: IncomingMessage, env: Record<string, string | undefined> = process.env): string | null {
	try {
		if (env.ORIGIN) return new URL(env.ORIGIN).origin;
		const header = (name: string | undefined) => {
			const value = name ? request.headers[name.toLowerCase()] : undefined;
			return (Array.isArray(value) ? value[0] : value)?.split(',')[0].trim();
		};
		const proxied = env.PROTOCOL_HEADER && env.PROTOCOL_HEADER !== 'x-liaowang-protocol' ? header(env.PROTOCOL_HEADER) : undefined;
		const scheme = proxied ?? ('encrypted' in request.socket && request.socket.encrypted ? 'https' : 'http');
		const host = header(env.HOST_HEADER) ?? request.headers.host;
		return host && /^https?$/.test(scheme) ? new URL(`${scheme}://${host}`).origin : null;
	} catch {
		return null;
	}
}

/** A websocket from another site (another host, port or scheme) is refused before it is upgraded (browsers send Origin). */
export function sameOrigin(request: IncomingMessage, env: Record<string, string | undefined> = process.env): boolean {
	const origin = request.headers.origin;
	if (!origin) return true; // not a browser; it still needs a valid session cookie
	try {
		const own = ownOrigin(request, env);
		return own !== null && new URL(origin).origin === own;
	} catch {
		return false;
	}
}
