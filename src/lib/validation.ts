import * as v from 'valibot';
import { passwordProblem } from './domain/password-policy.ts';

/**
 * Boundary validation: a rejection names the field at fault and says what is wrong, in Chinese.
 * Text fields refuse control, zero-width and bidi-override characters (they hide or reorder
 * what a reader sees) and lone surrogates (not text: Postgres and JSON encoders refuse them), but
 * keep every CJK character, including those outside the BMP (𠮷), whose surrogates come in pairs.
 */
export type Invalid = { ok: false; field: string; message: string };
export type Valid<T> = { ok: true; data: T };

const HIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uD800-\uDFFF]/u;

/** Plain text of 1..max characters (counted as characters, not UTF-16 units). */
export const text = (label: string, max: number, min = 1) =>
	v.pipe(
		v.string(`${label}必须是文本`),
		v.trim(),
		v.check((s) => Array.from(s).length >= min, min === 1 ? `请填写${label}` : `${label}至少 ${min} 个字符`),
		v.check((s) => Array.from(s).length <= max, `${label}不能超过 ${max} 个字符`),
		v.check((s) => !HIDDEN.test(s), `${label}含有不可见或控制字符`)
	);

/** One line of text (a name): text() without tabs or line breaks. */
export const line = (label: string, max: number) => v.pipe(text(label, max), v.check((s) => !/[\t\n\r]/.test(s), `${label}不能包含换行或制表符`));

/** A 'YYYY-MM-DD' that names a day of the calendar (2027-02-30 does not); never throws. */
export function isRealDate(s: string): boolean {
	const d = new Date(`${s}T00:00:00Z`);
	return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** 2026-12-03T09:00 as typed in a datetime-local field, read as Beijing time. */
export const localDateTime = (label: string) =>
	v.pipe(
		v.string(`请填写${label}`),
		v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, `${label}格式应为 年-月-日 时:分`),
		v.transform((s) => new Date(`${s}:00+08:00`)),
		v.check((d) => !Number.isNaN(d.getTime()), `${label}不是有效的时间`)
	);

export const adcode = (label = '行政区划代码') => v.pipe(v.string(`${label}必须是文本`), v.regex(/^[1-9][0-9]{5}$/, `${label}应为 6 位数字`));

export const username = v.pipe(
	v.string('用户名必须是文本'),
	v.trim(),
	v.toLowerCase(),
	v.regex(/^[a-z0-9_.-]{3,32}$/, '用户名应为 3–32 位小写字母、数字或 _ . -')
);

/** A new password by the policy (domain/password-policy.ts): ≥ 10 characters from ≥ 3 of 4 classes. */
export const password = v.pipe(
	v.string('密码必须是文本'),
	v.check((s) => passwordProblem(s) === null, (issue) => passwordProblem(issue.input) ?? '密码无效')
);

/** Validates any input against a schema; the first issue becomes the error. */
export function validate<S extends v.GenericSchema>(schema: S, input: unknown): Valid<v.InferOutput<S>> | Invalid {
	const result = v.safeParse(schema, input);
	if (result.success) return { ok: true, data: result.output };
	const issue = result.issues[0];
	const field = issue.path?.map((p) => String(p.key)).join('.') || '';
	// a key absent from the input never reaches its own schema (and its Chinese message)
	if (issue.kind === 'schema' && issue.type === 'object' && issue.input === undefined && field) return { ok: false, field, message: `缺少字段 ${field}` };
	return { ok: false, field, message: issue.message };
}

/** A form's fields as an object (only the first value of each name; files are refused). */
export function formObject(data: FormData): Record<string, string> {
	const object: Record<string, string> = {};
	for (const [key, value] of data) if (!(key in object) && typeof value === 'string') object[key] = value;
	return object;
}

/** A new account's username exactly as typed: no silent trimming or lower-casing, so what the admin sees is what the person signs in with. */
export const newUsername = v.pipe(
	v.string('请填写用户名'),
	v.regex(/^[a-z0-9_.-]{3,32}$/, '用户名应为 3–32 位小写字母、数字或 _ . -，不含空格和大写字母')
);

/** A row id in a form or URL: plain decimal digits only ('1e3', ' 12', '0x10' are refused), within `max` (int4 by default, so Postgres never sees an out-of-range number). */
export const idOf = (label: string, max = 2_147_483_647) =>
	v.pipe(
		v.string(`请填写${label}`),
		v.regex(/^[1-9][0-9]{0,15}$/, `${label}应为正整数`),
		v.transform(Number),
		v.number(),
		v.maxValue(max, `${label}超出范围`)
	);

export type FormRefusal = Invalid & { status: 400 | 413 };

/**
 * Reads a form body into one value per name. A repeated name is refused (which copy counts
 * would otherwise depend on the reader), so are files; a body over BODY_SIZE_LIMIT becomes a
 * 413 with a Chinese message instead of SvelteKit's English one.
 */
export async function readForm(request: Request): Promise<Valid<Record<string, string>> | FormRefusal> {
	let data: FormData;
	try {
		data = await request.formData();
	} catch (e) {
		const status = (e as { status?: number; cause?: { status?: number } })?.status ?? (e as { cause?: { status?: number } })?.cause?.status;
		if (status === 413) return { ok: false, status: 413, field: '', message: '提交的内容过大' };
		return { ok: false, status: 400, field: '', message: '提交的数据格式无效' };
	}
	// no prototype: a field named constructor or __proto__ is just a field
	const object: Record<string, string> = Object.create(null);
	for (const [key, value] of data) {
		const field = key.slice(0, 40);
		if (typeof value !== 'string') return { ok: false, status: 400, field, message: `字段 ${field} 不接受文件` };
		if (Object.hasOwn(object, key)) return { ok: false, status: 400, field, message: `字段 ${field} 重复提交` };
		object[key] = value;
	}
	return { ok: true, data: object };
}
