import { officeNav } from '$lib/server/auth/policy.ts';
import { hasRuntime, runtime } from '$lib/server/runtime.ts';

/** The office bar for the signed-in account (see officeNav). */
export function load({ locals }) {
	return { nav: hasRuntime() ? officeNav(locals.user, runtime().rootRegion) : [] };
}
