import { error, fail } from '@sveltejs/kit';
import { canIn, DEPLOYMENT_REFUSAL, type Permission } from '../../domain/access.ts';
import { runtime } from '../runtime.ts';

/**
 * The guard of deployment-wide settings (/admin/rules, /admin/layouts): the permission and a
 * scope that is the deployment's root region. One line at the top of every load and action, so
 * an action added later (another year of the calendar, a new layout command) gets it too.
 */
type User = App.Locals['user'];

/** For a load: throws 401/403 with a Chinese message unless the account may. */
export function requireDeploymentRight(user: User, permission: Permission): NonNullable<User> {
	if (!user) error(401, '请先登录');
	if (!canIn(user, permission, runtime().rootRegion)) error(403, DEPLOYMENT_REFUSAL);
	return user;
}

/** For an action: the refusal to return (fail 401/403, nothing changed), or null when the account may. */
export function deploymentRefusal(user: User, permission: Permission) {
	if (!user) return fail(401, { field: '', message: '请先登录' });
	if (!canIn(user, permission, runtime().rootRegion)) return fail(403, { field: '', message: DEPLOYMENT_REFUSAL });
	return null;
}
