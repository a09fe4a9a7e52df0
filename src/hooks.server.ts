import { error, redirect, type Handle, type HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { canIn, deploymentWide, DEPLOYMENT_REFUSAL } from '$lib/domain/access.ts';
import { audit } from '$lib/server/auth/audit.ts';
import { policyKey, routePolicy } from '$lib/server/auth/policy.ts';
import { hstsFor } from '$lib/server/hsts.ts';
import { bodyLimitOf, dropBody, readAtMost } from '$lib/server/body-limit.ts';
import { SESSION_COOKIE, setSessionCookie, validateSessionToken } from '$lib/server/auth/session.ts';
import { hasRuntime, runtime } from '$lib/server/runtime.ts';

/** Headers every response carries (the CSP itself comes from kit.csp in svelte.config.js). */
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	response.headers.set('x-frame-options', 'DENY');
	response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
	const hsts = hstsFor(event.url);
	if (hsts) response.headers.set('strict-transport-security', hsts);
	// what an account sees (personal data, internal figures) stays out of every cache; only a
	// route's own private max-age (a past replay window, which never changes) is left as it is
	const rule = event.route.id === null ? undefined : routePolicy[policyKey(event.route.id)];
	if (rule !== undefined && rule !== 'public' && !/\bprivate\b.*\bmax-age=[1-9]/.test(response.headers.get('cache-control') ?? ''))
		response.headers.set('cache-control', 'private, no-store');
	return response;
};

/** Only the ledger upload may send a large body; the rest stay at a form's size (see body-limit.ts). */
const bodyLimit: Handle = async ({ event, resolve }) => {
	const limit = bodyLimitOf(event.route.id === null ? null : policyKey(event.route.id));
	const declared = event.request.headers.get('content-length');
	if (declared !== null) {
		if (Number(declared) > limit) {
			await dropBody(event.request.body);
			error(413, '提交的内容过大');
		}
	} else if (event.request.body) {
		// chunked (no length given): read at most the limit, never the whole body into memory
		const body = await readAtMost(event.request.body, limit);
		if (body === null) error(413, '提交的内容过大');
		const { method, headers, signal } = event.request;
		event.request = new Request(event.request.url, { method, headers, signal, body });
	}
	return resolve(event);
};

/** Fills locals.user/session from the cookie; renews the cookie when the session slid. */
const session: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token && hasRuntime()) {
		const { session, user } = await validateSessionToken(runtime().sql, token, new Date(), runtime().config.sessionIdleMs);
		if (session) {
			event.locals.user = user;
			event.locals.session = session;
			setSessionCookie(event.cookies, token, session, event.url.protocol === 'https:');
		} else {
			event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}
	return resolve(event);
};

/** Deny by default: each route's decision is in routePolicy; pages send strangers to sign in. */
const guard: Handle = async ({ event, resolve }) => {
	if (event.route.id === null) return resolve(event); // not a route: SvelteKit answers 404 or serves the asset
	const id = policyKey(event.route.id); // '/(office)/items' is the policy's '/items'
	const rule = routePolicy[id];
	if (rule === undefined) error(403, '该页面尚未配置访问权限');
	if (rule === 'public' || rule === 'api-client') return resolve(event);
	const user = event.locals.user;
	// a page: a browser's load, or the app's own navigation, which asks for the page's data
	// (__data.json, answered with a redirect the app follows; an error there was a dead end)
	const navigation = event.isDataRequest || (event.request.method === 'GET' && (event.request.headers.get('accept') ?? '').includes('text/html'));
	const here = encodeURIComponent(event.url.pathname + event.url.search);
	if (!user) {
		if (navigation) redirect(303, `/login?next=${here}`);
		error(401, '请先登录');
	}
	if (user.mustChangePassword && id !== '/account/password') {
		// a password an administrator set (a reset, a new account): nothing else until the account has chosen its own
		if (navigation) redirect(303, `/account/password?next=${here}`);
		error(403, '您的密码由管理员设置，请先修改密码');
	}
	if (rule !== 'signed-in' && !canIn(user, rule, runtime().rootRegion)) {
		await audit(runtime().sql, {
			userId: user.userId,
			username: user.username,
			action: 'access.denied',
			target: event.url.pathname,
			ip: event.getClientAddress()
		}).catch(() => {});
		error(403, deploymentWide.has(rule) && user.role === 'admin' ? DEPLOYMENT_REFUSAL : '您的账号无权访问该页面');
	}
	return resolve(event);
};

export const handle = sequence(securityHeaders, bodyLimit, session, guard);

/** SvelteKit's own refusals and unexpected errors, in Chinese; the details stay in the log. */
const KIT_MESSAGES: Record<number, string> = {
	400: '请求无效',
	403: '禁止访问',
	404: '页面不存在',
	405: '不支持该请求方法',
	413: '提交的内容过大',
	415: '不支持该提交格式，请使用表单提交'
};

export const handleError: HandleServerError = ({ error: cause, event, status }) => {
	if (status >= 500) console.error(`[瞭望] ${event.request.method} ${event.url.pathname} 出错：`, cause);
	return { message: KIT_MESSAGES[status] ?? '服务器内部错误，请稍后再试' };
};
