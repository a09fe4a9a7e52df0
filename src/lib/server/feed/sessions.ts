import type { Sql } from '../db/connection.ts';

/**
 * Sessions also end by expiry or elsewhere: every `everyMs` the sockets of sessions no longer
 * alive (expired, ended or of a disabled account) are disconnected. Returns the stop.
 */
export function sweepSessions(sql: Sql, options: { everyMs: number; sockets: () => { sessionId: string; disconnect: () => void }[] }): () => void {
	const timer = setInterval(async () => {
		const sockets = options.sockets();
		if (sockets.length === 0) return;
		const ids = [...new Set(sockets.map((s) => s.sessionId))];
		const alive = new Set(
			(
				await sql<{ id: string }[]>`
					select s.id from user_session s join app_user u on u.id = s.user_id
					 where s.id = any(${sql.array(ids)}) and s.expires_at > now() and s.absolute_expires_at > now()
					   and u.disabled_at is null`.catch(() => ids.map((id) => ({ id }))) // a failed check ends nobody
			).map((r) => r.id)
		);
		for (const socket of sockets) if (!alive.has(socket.sessionId)) socket.disconnect();
	}, options.everyMs);
	timer.unref();
	return () => clearInterval(timer);
}
