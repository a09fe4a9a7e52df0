import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { adcode, idOf, line, localDateTime, readForm, text, validate } from '$lib/validation.ts';

export const isoDay = (label: string) =>
	v.pipe(
		v.string(`请填写${label}`),
		v.regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 年-月-日`),
		v.check((s) => !Number.isNaN(new Date(`${s}T00:00:00+08:00`).getTime()) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), `${label}不是有效的日期`)
	);

export const MeetingForm = v.object({
	title: v.pipe(line('会议名称', 80), v.minLength(2, '会议名称至少 2 个字')),
	region: adcode('会议地区'),
	heldAt: localDateTime('召开时间'),
	place: v.optional(v.union([v.literal(''), line('会议地点', 60)]), ''),
	attendees: v.optional(v.union([v.literal(''), text('出席人员', 1000)]), '')
});

export const FreezeForm = v.object({
	name: v.pipe(line('快照名称', 60), v.minLength(2, '快照名称至少 2 个字')),
	region: adcode('冻结地区')
});

export const AgendaEdit = v.object({
	item: idOf('议程编号'),
	title: v.pipe(line('议题', 120), v.minLength(2, '议题至少 2 个字')),
	detail: v.optional(v.union([v.literal(''), text('议题说明', 2000)]), ''),
	note: v.optional(v.union([v.literal(''), text('批注', 2000)]), '')
});

export const AgendaAdd = v.object({
	title: v.pipe(line('议题', 120), v.minLength(2, '议题至少 2 个字')),
	detail: v.optional(v.union([v.literal(''), text('议题说明', 2000)]), '')
});

export const AgendaMove = v.object({ item: idOf('议程编号'), direction: v.picklist(['up', 'down'], '移动方向无效') });

export const DecisionForm = v.object({
	item: idOf('议程编号'),
	text: v.pipe(text('决定事项', 1000), v.minLength(2, '决定事项至少 2 个字')),
	unitId: idOf('责任单位'),
	person: line('责任人', 40),
	due: isoDay('办理期限')
});

/** A form's fields checked against a schema: unknown fields refused, the first fault named in Chinese. */
export async function readValid<S extends v.ObjectSchema<v.ObjectEntries, undefined>>(request: Request, schema: S) {
	const form = await readForm(request);
	if (!form.ok) return { refusal: fail(form.status, { field: form.field, message: form.message }) } as const;
	const extra = Object.keys(form.data).find((k) => !(k in schema.entries));
	if (extra) return { refusal: fail(400, { field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` }) } as const;
	const parsed = validate(schema, form.data);
	if (!parsed.ok) return { refusal: fail(400, { field: parsed.field, message: parsed.message }) } as const;
	return { data: parsed.data as v.InferOutput<S> } as const;
}
