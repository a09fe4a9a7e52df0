/**
 * Password and session rules an 等保 2.0 level-3 review asks for (身份鉴别): a password of at least
 * ten characters from at least three of four classes, none of the account's last five, a change
 * required after an administrator set it (a reset, or a new account), and a session that ends
 * after a settable idle time. Pure: the server reads the settings and the stored hashes.
 */

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
/** a new password may not be any of the account's last five (the current one included) */
export const PASSWORD_HISTORY = 5;
export const PASSWORD_CLASSES_REQUIRED = 3;

const CLASSES: [RegExp, string][] = [
	[/\p{Lu}/u, '大写字母'],
	[/\p{Ll}/u, '小写字母'],
	[/\p{Nd}/u, '数字'],
	[/[^\p{L}\p{Nd}\s]/u, '符号']
];

/** How many of upper case, lower case, digits and symbols a password uses. */
export function characterClasses(password: string): number {
	return CLASSES.filter(([pattern]) => pattern.test(password)).length;
}

const HIDDEN = /[\u0000-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What is wrong with a new password, in Chinese, or null. `username`: the account's own name,
 * which the password may not contain; `label` names the field (密码 / 新密码).
 */
export function passwordProblem(password: unknown, options: { username?: string; label?: string } = {}): string | null {
	const label = options.label ?? '密码';
	if (typeof password !== 'string') return `${label}必须是文本`;
	const length = Array.from(password).length;
	if (length < PASSWORD_MIN_LENGTH) return `${label}至少 ${PASSWORD_MIN_LENGTH} 位`;
	if (length > PASSWORD_MAX_LENGTH) return `${label}不能超过 ${PASSWORD_MAX_LENGTH} 位`;
	if (HIDDEN.test(password)) return `${label}含有不可见或控制字符`;
	if (characterClasses(password) < PASSWORD_CLASSES_REQUIRED)
		return `${label}须包含大写字母、小写字母、数字、符号四类中的至少 ${PASSWORD_CLASSES_REQUIRED} 类`;
	const name = options.username?.toLowerCase();
	if (name && name.length >= 3 && password.toLowerCase().includes(name)) return `${label}不能包含用户名`;
	return null;
}

/** The text a form shows under a new-password field. */
export const PASSWORD_HINT = `至少 ${PASSWORD_MIN_LENGTH} 位，须含大写字母、小写字母、数字、符号中的至少 ${PASSWORD_CLASSES_REQUIRED} 类，且不能与最近 ${PASSWORD_HISTORY} 次用过的相同`;

/**
 * Which stored hashes of former passwords to keep once a new one is set: the newest
 * PASSWORD_HISTORY − 1 (with the current password that makes the last five). `ids` newest first.
 */
export function historyToDrop<T>(idsNewestFirst: readonly T[]): T[] {
	return idsNewestFirst.slice(PASSWORD_HISTORY - 1);
}

/** The idle timeout of a person's session, in minutes: the setting, its default and its bounds. */
export const SESSION_IDLE_SETTING = 'SESSION_IDLE_MINUTES';
export const SESSION_IDLE_DEFAULT_MINUTES = 12 * 60;
export const SESSION_IDLE_MIN_MINUTES = 5;
/** the absolute lifetime of a person's session (7 days) bounds the idle time too */
export const SESSION_IDLE_MAX_MINUTES = 7 * 24 * 60;

export type IdleChoice = { ok: true; minutes: number } | { ok: false; message: string; hint: string };

/** Reads SESSION_IDLE_MINUTES; unset means the 12 hours sessions have always had. */
export function sessionIdleMinutes(raw: string | undefined): IdleChoice {
	if (raw === undefined || raw.trim() === '') return { ok: true, minutes: SESSION_IDLE_DEFAULT_MINUTES };
	const text = raw.trim();
	const minutes = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
	if (!Number.isInteger(minutes) || minutes < SESSION_IDLE_MIN_MINUTES || minutes > SESSION_IDLE_MAX_MINUTES)
		return {
			ok: false,
			message: `环境变量 ${SESSION_IDLE_SETTING}=${raw} 无效`,
			hint: `请设为 ${SESSION_IDLE_MIN_MINUTES} 到 ${SESSION_IDLE_MAX_MINUTES} 之间的整数（单位：分钟；默认 ${SESSION_IDLE_DEFAULT_MINUTES}，即 12 小时）`
		};
	return { ok: true, minutes };
}

/** One row of a person's sign-in history, as the audit log holds it. */
export type SignInRecord = { at: Date; action: string; ip: string | null; userAgent: string | null };
export const SIGN_IN_HISTORY_LIMIT = 50;

const RESULTS: Record<string, string> = {
	'auth.sign_in': '登录成功',
	'auth.sign_in_failed': '密码错误',
	'auth.sign_in_limited': '尝试过多被拒',
	'auth.sign_out': '退出登录'
};
export const SIGN_IN_ACTIONS = Object.keys(RESULTS);

/** The result column of the history, in Chinese; a failure is marked so the page can flag it. */
export function signInResult(action: string): { text: string; failed: boolean } {
	return { text: RESULTS[action] ?? action, failed: action === 'auth.sign_in_failed' || action === 'auth.sign_in_limited' };
}

/** A user agent shortened to what a person recognises (browser and system), never more than 120 characters. */
export function describeAgent(agent: string | null): string {
	if (!agent) return '未知';
	const browser =
		/Edg\/(\d+)/.exec(agent)?.[0].replace('Edg/', 'Edge ') ??
		/Firefox\/(\d+)/.exec(agent)?.[0].replace('/', ' ') ??
		/(?:Chrome|Chromium)\/(\d+)/.exec(agent)?.[0].replace('/', ' ') ??
		(/Version\/(\d+).*Safari/.test(agent) ? `Safari ${/Version\/(\d+)/.exec(agent)![1]}` : null);
	const system = /Windows NT/.test(agent) ? 'Windows' : /Android/.test(agent) ? 'Android' : /iPhone|iPad/.test(agent) ? 'iOS' : /Mac OS X/.test(agent) ? 'macOS' : /Linux/.test(agent) ? 'Linux' : null;
	const short = [browser, system].filter(Boolean).join(' · ');
	return (short || agent).slice(0, 120);
}
