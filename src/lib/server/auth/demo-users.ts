import type { Sql } from '../db/connection.ts';
import type { Role } from '../../domain/access.ts';
import { hashPassword } from './password.ts';

/** The demo's password for every demo account (listed in the README; never for production). */
export const DEMO_PASSWORD = 'liaowang2026';

type DemoUser = { username: string; displayName: string; role: Role; scope: string; unitOf?: string; screenName?: string };

/** One account per role and level, so a visitor can see what each of them sees. */
export const DEMO_USERS: DemoUser[] = [
	{ username: 'admin', displayName: '系统管理员', role: 'admin', scope: '370000' },
	{ username: 'sheng.lingdao', displayName: '省信访局领导', role: 'leader', scope: '370000' },
	{ username: 'jinan.lingdao', displayName: '济南市领导', role: 'leader', scope: '370100' },
	{ username: 'lixia.lingdao', displayName: '历下区领导', role: 'leader', scope: '370102' },
	{ username: 'ducha', displayName: '省督查督办处', role: 'supervisor', scope: '370000' },
	{ username: 'jinan.ducha', displayName: '济南市督查督办科', role: 'supervisor', scope: '370100' },
	{ username: 'lixia.xinfang', displayName: '历下区信访局承办人', role: 'unit', scope: '370102', unitOf: '370102' },
	{ username: 'dapin', displayName: '省指挥中心大屏', role: 'display', scope: '370000', screenName: '省指挥中心大屏' },
	{ username: 'jinan.dapin', displayName: '济南市指挥中心大屏', role: 'display', scope: '370100', screenName: '济南市指挥中心大屏' }
];

/** Creates the demo accounts once (when there are no accounts yet). Returns how many it made. */
export async function ensureDemoUsers(sql: Sql): Promise<number> {
	const [{ count }] = await sql<{ count: number }[]>`select count(*)::int as count from app_user`;
	if (count > 0) return 0;
	const hash = await hashPassword(DEMO_PASSWORD);
	return sql.begin(async (tx) => {
		let made = 0;
		for (const user of DEMO_USERS) {
			const [region] = await tx`select 1 from region where adcode = ${user.scope}`;
			if (!region) continue;
			let unitId: number | null = null;
			if (user.unitOf) {
				const [unit] = await tx<{ id: number }[]>`
					select id from unit where region = ${user.unitOf} order by (name like '%信访局') desc, id limit 1`;
				if (!unit) continue;
				unitId = unit.id;
			}
			await tx`
				insert into app_user (username, display_name, password_hash, role, scope_region, unit_id, screen_name)
				values (${user.username}, ${user.displayName}, ${hash}, ${user.role}, ${user.scope}, ${unitId}, ${user.screenName ?? null})`;
			made++;
		}
		return made;
	}) as Promise<number>;
}
