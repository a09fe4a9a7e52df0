import { redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';

/** Each role starts where its work is. */
export function load({ locals }) {
	if (can(locals.user, 'screen.view')) redirect(307, '/screen');
	if (can(locals.user, 'users.manage')) redirect(307, '/admin/users');
	redirect(307, '/login');
}
