import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { homeOf } from '$lib/domain/access.ts';
import { audit } from '$lib/server/auth/audit.ts';
import { verifyPassword } from '$lib/server/auth/password.ts';
import { admitSignIn, forgiveSignIn, signedInFrom } from '$lib/server/auth/sign-in-limit.ts';
import { createSession, generateSessionToken, setSessionCookie } from '$lib/server/auth/session.ts';
import { runtime } from '$lib/server/runtime.ts';
import { formObject, validate } from '$lib/validation.ts';
import { accountNamed } from './account.server.ts';

const SignIn = v.object({
	username: v.pipe(
		v.string('请填写用户名'),
		v.trim(),
		v.toLowerCase(),
		v.minLength(1, '请填写用户名'),
		v.maxLength(64, '用户名过长'),
		// no account name has control characters; Postgres would refuse a NUL outright
		v.check((s) => !/[\u0000-\u001F\u007F]/.test(s), '用户名含有无效字符')
	),
	password: v.pipe(v.string('请填写密码'), v.minLength(1, '请填写密码'), v.maxLength(128, '密码过长'))
});

/** Only same-site paths: a crafted ?next= cannot send a user elsewhere. */
const safeNext = (next: string | null, home: string) => (next && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : home);

export function load({ locals, url }) {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next'), homeOf(locals.user)));
	return {};
}

export const actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const { sql, signInLimits, config } = runtime();
		const userAgent = request.headers.get('user-agent')?.slice(0, 300) ?? null;
		const input = validate(SignIn, formObject(await request.formData()));
		if (!input.ok) return fail(400, { field: input.field, message: input.message, username: '' });
		const { username, password } = input.data;
		const ip = getClientAddress();
		// per address, per account and address, and per account from addresses it never used: neither a
		// spray nor a guess gets far, and a stranger's failures do not lock the owner out (sign-in-limit.ts)
		const admission = await admitSignIn(signInLimits, { ip, username }, () => signedInFrom(sql, username, ip));
		if (!admission.admitted) {
			await audit(sql, { username, action: 'auth.sign_in_limited', detail: { userAgent }, ip });
			return fail(429, { field: '', message: '尝试次数过多，请稍后再试', username });
		}
		const user = await accountNamed(sql, username);
		const ok = await verifyPassword(user && !user.disabled ? user.passwordHash : null, password);
		if (!user || !ok || user.disabled) {
			// no user id (the attempt is not the account's doing): its owner's history finds it by name
			await audit(sql, { username, action: 'auth.sign_in_failed', detail: { userAgent }, ip });
			return fail(400, { field: '', message: '用户名或密码错误', username });
		}
		// only failed attempts count: an office whose staff all sign in through one address (NAT,
		// a proxy) is never held up by its own successful sign-ins; a guess or a spray still is
		await forgiveSignIn(admission);
		const token = generateSessionToken();
		const session = await createSession(sql, token, user, { ip, userAgent, idleMs: config.sessionIdleMs });
		await audit(sql, { userId: user.id, username, action: 'auth.sign_in', detail: { userAgent }, ip });
		setSessionCookie(cookies, token, session, url.protocol === 'https:');
		const next = safeNext(url.searchParams.get('next'), homeOf(user));
		// a password an administrator set: straight to choosing its own, then on to where it was going
		redirect(303, user.passwordChangeRequired ? `/account/password?next=${encodeURIComponent(next)}` : next);
	}
};
