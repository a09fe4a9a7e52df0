/**
 * The office pages' navigation: where each role's work is, in the order a day goes. Pure: the
 * server passes in whether the account may reach a route (the route policy decides, so a link is
 * never shown that would answer 403).
 */
import type { Role } from './access.ts';

export type NavLink = { href: string; label: string };

const LINKS: (NavLink & { roles?: Role[] })[] = [
	{ href: '/screen', label: '态势大屏' },
	// the wall's figures with the lists behind them, for a phone (the route policy admits leaders and 督查督办)
	{ href: '/m', label: '手机版态势', roles: ['leader', 'supervisor'] },
	// 我的事项 lists what 信访部门 and units act on; the work queues are supervision's and leaders'
	{ href: '/my', label: '我的事项', roles: ['supervisor', 'unit'] },
	{ href: '/work', label: '督办工作台', roles: ['leader', 'supervisor'] },
	{ href: '/items', label: '信访事项' },
	{ href: '/intake/new', label: '登记' },
	{ href: '/rates', label: '考核指标' },
	{ href: '/cases', label: '领导包案' },
	{ href: '/letters', label: '三函台账', roles: ['leader', 'supervisor'] },
	{ href: '/letters/inbox', label: '函件收件箱' },
	{ href: '/meetings', label: '联席会议' },
	{ href: '/follow-ups', label: '会议决定督办' },
	{ href: '/admin/users', label: '系统管理' },
	{ href: '/account/password', label: '修改密码' },
	{ href: '/account/sign-ins', label: '登录记录' }
];

/** The links an account may follow, in order; `mayReach` answers for a route. */
export function officeLinks(role: Role, mayReach: (href: string) => boolean): NavLink[] {
	return LINKS.filter((l) => (!l.roles || l.roles.includes(role)) && mayReach(l.href)).map(({ href, label }) => ({ href, label }));
}

/** The link a path belongs to (the longest prefix), for aria-current. */
export function currentLink(links: NavLink[], path: string): string | null {
	const hits = links.filter((l) => path === l.href || path.startsWith(`${l.href}/`));
	return hits.sort((a, b) => b.href.length - a.href.length)[0]?.href ?? null;
}
