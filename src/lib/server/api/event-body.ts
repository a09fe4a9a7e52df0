import type { Action } from '../../domain/lifecycle.ts';
import { eventInputs, eventTypes, isEventType, type InputField } from './event-types.ts';

/**
 * The body of `POST /api/v1/items/{serial}/events`, checked before anything is read or written:
 * `{ eventId, type, at, input }`. A refusal names the field by its path (`input.reason`) in Chinese.
 */
export type EventBody = { eventId: string; type: Action; at: Date; input: Record<string, unknown> };
export type BodyRefusal = { status: 400; field: string; error: string };

const KEYS = ['eventId', 'type', 'at', 'input'];
/** An instant with its offset: the sender says which clock it means. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const refuse = (field: string, error: string): BodyRefusal => ({ status: 400, field, error });
const chars = (s: string) => Array.from(s).length;

/** An ISO 8601 instant with an offset, or null (also for 2026-02-30 and 25:00). */
export function parseInstant(value: unknown): Date | null {
	if (typeof value !== 'string') return null;
	const m = INSTANT.exec(value);
	if (!m) return null;
	const [, y, mo, d, h, mi, s] = m;
	if (Number(mo) < 1 || Number(mo) > 12 || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null;
	const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
	if (day.getUTCDate() !== Number(d)) return null;
	const at = new Date(value);
	return Number.isNaN(at.getTime()) ? null : at;
}

function fieldRefusal(path: string, field: InputField, value: unknown): BodyRefusal | null {
	const name = `${field.label}（${path}）`;
	if (value === undefined || value === null) return field.required ? refuse(path, `缺少字段 ${path}（${field.label}）`) : null;
	if (field.kind === 'integer') {
		if (typeof value !== 'number' || !Number.isSafeInteger(value)) return refuse(path, `${name}应为整数`);
		if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max))
			return refuse(path, `${name}应在 ${field.min}–${field.max} 之间`);
		return null;
	}
	if (typeof value !== 'string') return refuse(path, `${name}应为文本（字符串）`);
	if (field.kind === 'date') return DATE.test(value) ? null : refuse(path, `${name}应为日期，格式为 年-月-日（如 2026-11-20）`);
	if (field.values) {
		if (Object.hasOwn(field.values, value)) return null;
		const allowed = Object.entries(field.values).map(([code, label]) => `${code}（${label}）`).join('、');
		return refuse(path, `${name}只能是：${allowed}`);
	}
	if (value.trim() === '') return refuse(path, `${name}不能为空`);
	if (field.max !== undefined && chars(value) > field.max) return refuse(path, `${name}不能超过 ${field.max} 字`);
	return null;
}

export function checkEventBody(body: unknown): { ok: true; event: EventBody } | ({ ok: false } & BodyRefusal) {
	const fail = (r: BodyRefusal) => ({ ok: false as const, ...r });
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(refuse('', '请求体应为 JSON 对象'));
	const b = body as Record<string, unknown>;
	for (const key of Object.keys(b)) if (!KEYS.includes(key)) return fail(refuse(key.slice(0, 60), `不支持的字段 ${key.slice(0, 60)}`));

	if (b.eventId === undefined || b.eventId === null) return fail(refuse('eventId', '缺少字段 eventId（事件编号：发送方系统内该事件的唯一编号）'));
	if (typeof b.eventId !== 'string') return fail(refuse('eventId', '事件编号（eventId）应为文本（字符串）'));
	if (b.eventId.trim() !== b.eventId || b.eventId === '' || b.eventId.length > 100 || CONTROL.test(b.eventId))
		return fail(refuse('eventId', '事件编号（eventId）应为 1–100 个字符，不含首尾空格和控制字符'));

	if (b.type === undefined || b.type === null) return fail(refuse('type', '缺少字段 type（事件类型）'));
	if (!isEventType(b.type)) return fail(refuse('type', `事件类型（type）未知：${String(b.type).slice(0, 40)}；可用的类型：${eventTypes.join('、')}`));

	if (b.at === undefined || b.at === null) return fail(refuse('at', '缺少字段 at（事件发生时间）'));
	const at = parseInstant(b.at);
	if (!at) return fail(refuse('at', '事件发生时间（at）应为带时区的 ISO 8601 时间，如 2026-11-20T09:30:00+08:00'));

	const fields = eventInputs[b.type];
	const given = b.input ?? {};
	if (typeof given !== 'object' || Array.isArray(given)) return fail(refuse('input', '办理内容（input）应为 JSON 对象'));
	const input = given as Record<string, unknown>;
	for (const key of Object.keys(input))
		if (!Object.hasOwn(fields, key)) return fail(refuse(`input.${key.slice(0, 60)}`, `事件类型 ${b.type} 不需要字段 input.${key.slice(0, 60)}`));
	for (const [key, field] of Object.entries(fields)) {
		const bad = fieldRefusal(`input.${key}`, field, input[key]);
		if (bad) return fail(bad);
	}
	const clean = Object.fromEntries(Object.keys(fields).filter((k) => input[k] !== undefined && input[k] !== null).map((k) => [k, input[k]]));
	return { ok: true, event: { eventId: b.eventId, type: b.type, at, input: clean } };
}
