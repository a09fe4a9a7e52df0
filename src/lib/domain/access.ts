/**
 * Who may do what, where (属地管理, 分级负责). Pure: the server asks these questions on every
 * load, action, endpoint and socket; nothing here touches I/O.
 */

export const roles = {
	leader: '领导',
	supervisor: '督查督办',
	unit: '承办单位',
	display: '大屏',
	admin: '管理员'
} as const;
export type Role = keyof typeof roles;

/** What the server knows about the signed-in account; the scope is an adcode. */
export type Principal = { userId: number; username: string; role: Role; scope: string; unitId: number | null };

/** Level of an adcode: 370000 province, 370100 city, 370102 county. */
export function levelOf(adcode: string): 'province' | 'city' | 'county' {
	if (adcode.endsWith('0000')) return 'province';
	if (adcode.endsWith('00')) return 'city';
	return 'county';
}

/** Whether a region (given by its adcode) lies within a scope: a county sees its county, a city its city and counties. */
export function regionInScope(scope: string, adcode: string): boolean {
	if (!/^[1-9][0-9]{5}$/.test(adcode) || !/^[1-9][0-9]{5}$/.test(scope)) return false;
	switch (levelOf(scope)) {
		case 'province':
			return adcode.slice(0, 2) === scope.slice(0, 2);
		case 'city':
			return adcode.slice(0, 4) === scope.slice(0, 4);
		case 'county':
			return adcode === scope;
	}
}

/** The named things a role may do; checked by the server, never by hiding buttons alone. */
export const permissions = {
	'screen.view': ['leader', 'supervisor', 'display', 'admin'],
	// not the admin: 管理员 runs accounts and the system, it does not read petitions (README's role table)
	'items.view': ['leader', 'supervisor', 'unit'],
	'personal.unmask': ['leader', 'supervisor'],
	// 登记 and 台账导入: the 信访 office's staff (督查督办) and units that register (a county 信访局)
	'items.register': ['supervisor', 'unit'],
	/** 三函: leaders read, 督查督办 issue and close, a unit reads and answers only its own letters */
	'letters.view': ['leader', 'supervisor', 'unit'],
	'letters.issue': ['supervisor'],
	'letters.respond': ['unit'],
	/** 联席会议: leaders view and present; 督查督办 freeze, prepare, record decisions and export */
	'meetings.view': ['leader', 'supervisor'],
	'meetings.prepare': ['supervisor'],
	/** 会议决定的督办事项: a unit sees (and reports done) only those assigned to it */
	'follow_ups.view': ['leader', 'supervisor', 'unit'],
	'follow_ups.close': ['supervisor', 'unit'],
	/** 领导包案: 督查督办 open and assign cases and record leaders' receptions; outcomes also by the lead unit (domain/cases.ts) */
	'cases.manage': ['supervisor'],
	'cases.outcome': ['supervisor', 'unit'],
	/** 回放: any past window of the feed on the wall (the live wall is unaffected) */
	'screen.replay': ['leader', 'supervisor', 'admin'],
	/** 手机版态势 (/m): the wall's figures with the petitions, cases and letters behind them, so only those who read both */
	'screen.phone': ['leader', 'supervisor'],
	'users.manage': ['admin'],
	'api_clients.manage': ['admin'],
	'audit.read': ['admin'],
	/** the rules table and holiday calendar: deployment-wide, see deploymentWide */
	'rules.manage': ['admin'],
	/** the wall's layouts (panels as data): deployment-wide, see deploymentWide */
	'layouts.manage': ['admin'],
	/** the feed's health: lag, relay owner, connected screens, rollup check */
	'ops.view': ['admin']
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof permissions;

export function can(principal: Pick<Principal, 'role'> | null | undefined, permission: Permission): boolean {
	return !!principal && (permissions[permission] as readonly Role[]).includes(principal.role);
}

/**
 * Settings that hold for the whole deployment (every item's clock, every wall): the 时限规则, the
 * holiday calendar and the wall layouts. Their permission alone is not enough: the account's scope
 * must be the deployment's root region (the province's admin), so a county admin cannot relight
 * every item in the province or replace the province wall's layout.
 */
export const deploymentWide: ReadonlySet<Permission> = new Set<Permission>(['rules.manage', 'layouts.manage']);

export const DEPLOYMENT_REFUSAL = '时限规则、节假日安排和大屏布局是全系统统一的设置，只有省级（系统根区域）管理员可以查看和修改';

/** can(), and for a deployment-wide permission also a scope that is the deployment's root region. */
export function canIn(principal: Pick<Principal, 'role' | 'scope'> | null | undefined, permission: Permission, rootRegion: string): boolean {
	if (!principal || !can(principal, permission)) return false;
	return !deploymentWide.has(permission) || principal.scope === rootRegion;
}

/**
 * Whose password an admin may reset: accounts in scope, but another admin only from above (a
 * county admin by its city's or province's admin). A same-scope admin resetting a peer would take
 * the account over; a peer changes their own password (/account/password) or asks the level above.
 */
export function mayResetPassword(admin: Pick<Principal, 'userId' | 'role' | 'scope'>, target: { id: number; role: Role; scope: string }): boolean {
	if (admin.role !== 'admin' || !regionInScope(admin.scope, target.scope)) return false;
	if (target.id === admin.userId || target.role !== 'admin') return true;
	return target.scope !== admin.scope;
}

/** Where an account lands after signing in: where its work is. */
export function homeOf(principal: Pick<Principal, 'role'>): string {
	// each starts where its work is: supervision in its queues, a unit in what it was sent, leaders and
	// screens on the wall; the wall has no links, so the people who work from pages start on one
	if (principal.role === 'supervisor') return '/work';
	if (principal.role === 'unit') return '/my';
	if (can(principal, 'screen.view') && principal.role !== 'admin') return '/screen';
	if (can(principal, 'users.manage')) return '/admin/users';
	return '/items';
}

/** Personal data shown masked by default: 张* for names, 370***********1234 for ID numbers. */
export function maskName(name: string): string {
	const chars = Array.from(name); // 𠮷 is one character, two UTF-16 units
	return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(Math.min(chars.length - 1, 2));
}

export function maskIdNumber(id: string): string {
	return id.length < 8 ? '*'.repeat(id.length) : id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4);
}

export function maskPhone(phone: string): string {
	if (phone.length >= 11) return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
	return phone.length < 7 ? '*'.repeat(phone.length) : '*'.repeat(phone.length - 4) + phone.slice(-4);
}
