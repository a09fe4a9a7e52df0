import { canIn } from '$lib/domain/access.ts';
import { officeLinks } from '$lib/domain/navigation.ts';
import { routePolicy } from '$lib/server/auth/policy.ts';
import { hasRuntime, runtime } from '$lib/server/runtime.ts';

/** The office navigation for the signed-in account: a link only where the route policy lets it in. */
export function load({ locals }) {
	const user = locals.user;
	if (!user || user.mustChangePassword || !hasRuntime()) return { nav: [] };
	const root = runtime().rootRegion;
	const mayReach = (href: string) => {
		const rule = routePolicy[href];
		return rule === 'signed-in' || (rule !== undefined && rule !== 'public' && rule !== 'api-client' && canIn(user, rule, root));
	};
	return { nav: officeLinks(user.role, mayReach) };
}
