import { canIn, type Permission, type Principal } from '../../domain/access.ts';
import { officeLinks, type NavLink } from '../../domain/navigation.ts';

/**
 * Every route of the product and who may reach it. Denied by default: a route missing here is
 * refused at run time, and the access-matrix test fails until it gets a decision.
 * 'public': no account needed; 'signed-in': any account; 'api-client': no session, the endpoint
 * itself requires an API client's bearer token; otherwise the permission it needs.
 */
export const routePolicy: Record<string, 'public' | 'signed-in' | 'api-client' | Permission> = {
	'/': 'signed-in',
	'/login': 'public',
	'/logout': 'public', // the action itself copes with an already-ended session (a stale tab)
	'/account/password': 'signed-in', // one's own password: the only page open while a change is required
	'/account/sign-ins': 'signed-in', // one's own sign-in history (the audit log's sign-in rows for this account)
	'/healthz': 'public',
	'/metrics': 'public', // checked in the handler: the scraper's bearer token or an admin session
	'/screen': 'screen.view',
	'/screen/snapshot.json': 'screen.view',
	'/m': 'screen.phone', // 手机版态势: leaders and 督查督办 (not a display account, not a unit)
	'/items': 'items.view',
	'/items/[id]': 'items.view',
	'/items/[id]/documents/[doc]/[format]': 'items.view', // the petitioner's documents: the item's own access (itemFor)
	'/my': 'items.view', // the load admits only 信访部门 (supervisor) and unit accounts
	'/e/[token]': 'public', // the petitioner's one-time evaluation link: the token is the credential
	'/work': 'items.view',
	'/work/export': 'items.view',
	'/work/quality': 'items.view',
	'/rates': 'items.view',
	'/cases': 'items.view',
	'/cases/[id]': 'items.view',
	'/cases/new': 'cases.manage',
	'/cases/receptions': 'items.view',
	'/cases/leaders': 'items.view',
	'/intake/new': 'items.register',
	'/intake/import': 'items.register',
	'/intake/import/[id].json': 'items.register',
	'/intake/import/queue.json': 'items.register',
	'/intake/import/template.xlsx': 'items.register',
	'/intake/status-import': 'items.register', // 办理台账: the lifecycle's rules decide each row by the importer's role
	'/api/v1/items': 'api-client',
	'/api/v1/items/[serial]/events': 'api-client',
	'/api/v1/openapi.json': 'public', // the interface document; every endpoint it describes wants a token
	'/letters': 'letters.view',
	'/letters/export': 'letters.view',
	'/letters/new': 'letters.issue',
	'/letters/inbox': 'letters.respond',
	'/letters/[id]': 'letters.view',
	'/letters/[id]/document.pdf': 'letters.view',
	'/letters/[id]/document.docx': 'letters.view',
	'/letters/attachments/[id]': 'letters.view',
	'/meetings': 'meetings.view',
	'/meetings/[id]': 'meetings.view',
	'/meetings/[id]/present': 'meetings.view',
	'/meetings/[id]/jobs/[job].json': 'meetings.view',
	'/meetings/[id]/jobs/[job]/[format]': 'meetings.view',
	'/meetings/snapshots/[id]': 'meetings.view',
	'/follow-ups': 'follow_ups.view',
	'/screen/replay': 'screen.replay',
	'/screen/replay/events.json': 'screen.replay',
	'/admin/users': 'users.manage',
	'/admin/audit': 'audit.read',
	'/admin/status': 'ops.view',
	'/admin/rules': 'rules.manage',
	'/admin/layouts': 'layouts.manage',
	'/admin/api-clients': 'api_clients.manage'
};

/**
 * The policy's key for a SvelteKit route id. A route group — a folder in parentheses, like
 * "(office)", which gives its pages a layout — is no part of the URL, so it is no part of the key:
 * '/(office)/items/[id]' is '/items/[id]'.
 */
export const policyKey = (routeId: string) => routeId.replace(/\/\([^/]+\)(?=\/|$)/g, '') || '/';

/**
 * The office bar's links for an account: a link only where the route policy lets it in (none
 * while it must first choose a password). The office pages' layout shows them; the wall offers one.
 */
export function officeNav(user: (Pick<Principal, 'role' | 'scope'> & { mustChangePassword?: boolean }) | null, rootRegion: string): NavLink[] {
	if (!user || user.mustChangePassword) return [];
	const mayReach = (href: string) => {
		const rule = routePolicy[href];
		return rule === 'signed-in' || (rule !== undefined && rule !== 'public' && rule !== 'api-client' && canIn(user, rule, rootRegion));
	};
	return officeLinks(user.role, mayReach);
}
