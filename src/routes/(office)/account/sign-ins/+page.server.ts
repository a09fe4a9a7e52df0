import { error } from '@sveltejs/kit';
import { describeAgent, SIGN_IN_HISTORY_LIMIT, signInResult } from '$lib/domain/password-policy.ts';
import { signInHistory } from '$lib/server/auth/sign-ins.ts';
import { runtime } from '$lib/server/runtime.ts';

/** 登录记录: each person sees their own last 50 sign-ins, sign-outs and failed attempts (等保: 登录日志可查). */
export async function load({ locals, setHeaders }) {
	const user = locals.user;
	if (!user) error(401, '请先登录');
	setHeaders({ 'cache-control': 'private, no-store' });
	const rows = await signInHistory(runtime().sql, user);
	return {
		username: user.username,
		limit: SIGN_IN_HISTORY_LIMIT,
		rows: rows.map((r) => ({ at: r.at.toISOString(), ...signInResult(r.action), ip: r.ip ?? '—', agent: describeAgent(r.userAgent), agentFull: r.userAgent ?? '' }))
	};
}
