import * as v from 'valibot';

/**
 * Boundary validation: a rejection names the field at fault and says what is wrong, in Chinese.
 * Text fields refuse control, zero-width and bidi-override characters (they hide or reorder
 * what a reader sees) but keep every CJK character, including those outside the BMP (𠮷).
 */
export type Invalid = { ok: false; field: string; message: string };
export type Valid<T> = { ok: true; data: T };

const HIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;

/** Plain text of 1..max characters (counted as characters, not UTF-16 units). */
export const text = (label: string, max: number, min = 1) =>
	v.pipe(
		v.string(`${label}必须是文本`),
		v.trim(),
		v.check((s) => Array.from(s).length >= min, min === 1 ? `请填写${label}` : `${label}至少 ${min} 个字符`),
		v.check((s) => Array.from(s).length <= max, `${label}不能超过 ${max} 个字符`),
		v.check((s) => !HIDDEN.test(s), `${label}含有不可见或控制字符`)
	);

export const adcode = (label = '行政区划代码') => v.pipe(v.string(`${label}必须是文本`), v.regex(/^[1-9][0-9]{5}$/, `${label}应为 6 位数字`));

export const username = v.pipe(
	v.string('用户名必须是文本'),
	v.trim(),
	v.toLowerCase(),
	v.regex(/^[a-z0-9_.-]{3,32}$/, '用户名应为 3–32 位小写字母、数字或 _ . -')
);

export const password = v.pipe(
	v.string('密码必须是文本'),
	v.minLength(10, '密码至少 10 位'),
	v.maxLength(128, '密码不能超过 128 位'),
	v.check((s) => /[a-zA-Z]/.test(s) && /[0-9]/.test(s), '密码须同时包含字母和数字')
);

export const positiveId = (label: string) =>
	v.pipe(v.union([v.string(), v.number()], `${label}无效`), v.transform(Number), v.number(`${label}无效`), v.safeInteger(`${label}无效`), v.minValue(1, `${label}无效`));

/** Validates any input against a schema; the first issue becomes the error. */
export function validate<S extends v.GenericSchema>(schema: S, input: unknown): Valid<v.InferOutput<S>> | Invalid {
	const result = v.safeParse(schema, input);
	if (result.success) return { ok: true, data: result.output };
	const issue = result.issues[0];
	const field = issue.path?.map((p) => String(p.key)).join('.') || '';
	return { ok: false, field, message: issue.message };
}

/** A form's fields as an object (only the first value of each name; files are refused). */
export function formObject(data: FormData): Record<string, string> {
	const object: Record<string, string> = {};
	for (const [key, value] of data) if (!(key in object) && typeof value === 'string') object[key] = value;
	return object;
}
