import { canIn } from '$lib/domain/access.ts';
import { runtime } from '$lib/server/runtime.ts';

/** For the navigation only (each page and action checks for itself): whether to offer the deployment-wide settings. */
export function load({ locals }) {
	return { deploymentSettings: canIn(locals.user, 'rules.manage', runtime().rootRegion) };
}
