import { text, validate } from '../../validation.ts';

/** A layout refused: the field at fault (a path such as `panels[3].place.w`) and a Chinese message. */
export class Refusal extends Error {
	readonly field: string;
	constructor(field: string, message: string) {
		super(message);
		this.field = field;
	}
}

/** Stops a layout check at the first fault (the check catches it and reports the field). */
export const refuse = (field: string, message: string): never => {
	throw new Refusal(field, message);
};

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object with only the allowed keys. */
export function object(value: unknown, field: string, label: string, allowed: readonly string[]): Record<string, unknown> {
	if (!isObject(value)) refuse(field, `${label}应为对象`);
	const record = value as Record<string, unknown>;
	const extra = Object.keys(record).find((k) => !allowed.includes(k));
	if (extra !== undefined) refuse(`${field ? `${field}.` : ''}${extra.slice(0, 40)}`, `${label}不应有字段 ${extra.slice(0, 40)}`);
	return record;
}

export function integer(value: unknown, field: string, label: string, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isInteger(value)) refuse(field, `${label}应为整数`);
	const n = value as number;
	if (n < min || n > max) refuse(field, `${label}应在 ${min} 到 ${max} 之间`);
	return n;
}

/** A title as every form takes text (trimmed, counted in characters, no hidden or control characters). */
export function title(value: unknown, field: string, label: string, max: number): string {
	const checked = validate(text(label, max), value ?? '');
	return checked.ok ? checked.data : refuse(field, checked.message);
}
