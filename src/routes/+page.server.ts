import { redirect } from '@sveltejs/kit';
import { homeOf } from '$lib/domain/access.ts';

/** Each role starts where its work is. */
export function load({ locals }) {
	redirect(307, locals.user ? homeOf(locals.user) : '/login');
}
