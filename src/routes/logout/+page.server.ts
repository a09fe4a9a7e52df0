import { redirect } from '@sveltejs/kit';
import { audit } from '$lib/server/auth/audit.ts';
import { invalidateSession, SESSION_COOKIE } from '$lib/server/auth/session.ts';
import { runtime } from '$lib/server/runtime.ts';

export const load = () => redirect(303, '/');

export const actions = {
	default: async ({ locals, cookies, getClientAddress }) => {
		const { sql, endSessions } = runtime();
		if (locals.session && locals.user) {
			await invalidateSession(sql, locals.session.id);
			endSessions([locals.session.id]); // the screen's socket goes with the session
			await audit(sql, { userId: locals.user.userId, username: locals.user.username, action: 'auth.sign_out', ip: getClientAddress() });
		}
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/login');
	}
};
