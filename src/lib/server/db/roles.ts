import type { Sql } from './connection.ts';

/**
 * Two database roles (README: 数据库角色). The owner runs migrations and the demo loader and owns
 * every table; the runtime role the app serves with gets only what liaowang_grant_runtime()
 * (migration 0100) gives it: no DDL, no TRUNCATE, append-only on the audit log.
 */
export type DatabaseRole = {
	user: string;
	superuser: boolean;
	/** owns the tables (or is a member of their owner): may ALTER, DISABLE TRIGGER, bulk-load */
	owner: boolean;
};

/** Who a pool connects as, and whether that role holds more than the runtime should. */
export async function roleOf(sql: Sql): Promise<DatabaseRole> {
	const [row] = await sql<DatabaseRole[]>`
		select current_user as user, r.rolsuper as superuser,
		       coalesce(pg_has_role(current_user, (select relowner from pg_class where oid = to_regclass('public.audit_log')), 'MEMBER'), false) as owner
		  from pg_roles r where r.rolname = current_user`;
	return row;
}

/** Gives the runtime role its grants, from the owner's connection, after every start's migrations. */
export async function grantRuntime(owner: Sql, runtimeUser: string): Promise<void> {
	await owner`select liaowang_grant_runtime(${runtimeUser})`;
}

/** The warning /admin/status (and the start-up log) shows when the app serves with too much power; null when it does not. */
export function roleWarning(role: DatabaseRole): string | null {
	if (role.superuser) return `应用以数据库超级用户 ${role.user} 运行：可关闭触发器、删除审计日志、执行任意程序。请按 README“数据库角色”设置运行角色（DATABASE_URL）与属主角色（DATABASE_OWNER_URL）`;
	if (role.owner) return `应用以表的属主角色 ${role.user} 运行：可修改表结构、关闭触发器、清空审计日志。请按 README“数据库角色”设置运行角色（DATABASE_URL）与属主角色（DATABASE_OWNER_URL）`;
	return null;
}
