import { error, fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { homeOf } from '$lib/domain/access.ts';
import { audit } from '$lib/server/auth/audit.ts';
import { hashPassword, verifyPassword } from '$lib/server/auth/password.ts';
import { currentPasswordHash, isRecentPassword, replacePassword } from '$lib/server/auth/password-history.ts';
import { invalidateOtherSessions } from '$lib/server/auth/session.ts';
import { PASSWORD_HINT, PASSWORD_HISTORY, passwordProblem } from '$lib/domain/password-policy.ts';
import { transaction } from '$lib/server/db/connection.ts';
import { runtime } from '$lib/server/runtime.ts';
import { password, readForm, validate } from '$lib/validation.ts';

/** 修改密码: any signed-in account, its own password only; required after an administrator set it (a reset, a new account). */
export function load({ locals }) {
	const user = locals.user;
	if (!user) error(401, '请先登录');
	return { forced: !!user.mustChangePassword, username: user.username, hint: PASSWORD_HINT };
}

const FIELDS = ['current', 'password', 'confirm'];
const safeNext = (next: string | null, home: string) => (next && /^\/(?!\/)[^\s\\]*$/.test(next) && !next.startsWith('/account/password') ? next : home);

export const actions = {
	default: async ({ locals, request, url, getClientAddress }) => {
		const user = locals.user;
		const session = locals.session;
		if (!user || !session) return fail(401, { field: '', message: '请先登录' });
		const form = await readForm(request);
		if (!form.ok) return fail(form.status, { field: form.field, message: form.message });
		const extra = Object.keys(form.data).find((k) => !FIELDS.includes(k));
		if (extra) return fail(400, { field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` });
		const current = form.data.current ?? '';
		if (current === '' || current.length > 128) return fail(400, { field: 'current', message: '请填写当前密码' });
		const next = validate(v.pipe(password, v.check((s) => s !== current, '新密码不能与当前密码相同')), form.data.password ?? '');
		if (!next.ok) return fail(400, { field: 'password', message: next.message.replace(/^密码/, '新密码') });
		const named = passwordProblem(next.data, { username: user.username, label: '新密码' });
		if (named) return fail(400, { field: 'password', message: named });
		if ((form.data.confirm ?? '') !== next.data) return fail(400, { field: 'confirm', message: '两次输入的新密码不一致' });
		const { sql, endSessions, signInLimits } = runtime();
		// a session left open is no licence to guess the password: the sign-in limit's pace
		const bucket = `change:${user.userId}`;
		if (!(await signInLimits.perAddress.take(bucket))) return fail(429, { field: 'current', message: '尝试次数过多，请稍后再试' });
		if (!(await verifyPassword(await currentPasswordHash(sql, user.userId), current))) {
			await audit(sql, { userId: user.userId, username: user.username, action: 'auth.sign_in_failed', target: 'password change', ip: getClientAddress() });
			return fail(400, { field: 'current', message: '当前密码不正确' });
		}
		await signInLimits.perAddress.refund(bucket);
		if (await isRecentPassword(sql, user.userId, next.data))
			return fail(400, { field: 'password', message: `新密码不能与最近 ${PASSWORD_HISTORY} 次用过的密码相同` });
		const hash = await hashPassword(next.data);
		// the password changes and every other session of the account ends (a thief's among them)
		const ended = await transaction(sql, async (tx) => {
			await replacePassword(tx, user.userId, hash, false);
			const ids = await invalidateOtherSessions(tx, user.userId, session.id);
			await audit(tx, { userId: user.userId, username: user.username, action: 'user.password_change', target: user.username, detail: { forced: !!user.mustChangePassword, sessionsEnded: ids.length }, ip: getClientAddress() });
			return ids;
		});
		endSessions(ended);
		redirect(303, safeNext(url.searchParams.get('next'), homeOf(user)));
	}
};
