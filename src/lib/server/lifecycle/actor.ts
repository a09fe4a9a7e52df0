import type { SessionUser } from '../auth/session.ts';
import type { Sql } from '../db/connection.ts';
import type { ServiceActor } from './apply.ts';

/** The signed-in account as a lifecycle actor; whether a unit account is its unit's head is read fresh. */
export async function actorOf(sql: Sql, user: SessionUser, ip: string | null = null): Promise<ServiceActor> {
	let unitHead = false;
	if (user.role === 'unit') {
		const [row] = await sql<{ unitHead: boolean }[]>`select unit_head as "unitHead" from app_user where id = ${user.userId}`;
		unitHead = row?.unitHead ?? false;
	}
	return { role: user.role, scope: user.scope, unitId: user.unitId, unitHead, name: user.displayName, userId: user.userId, username: user.username, ip };
}
