import * as v from 'valibot';
import { LETTER_KINDS } from '$lib/domain/letter-rules.ts';
import { refuseChars } from '$lib/domain/letter-chars.ts';
import { isRealDate, text, validate } from '$lib/validation.ts';

const ids = (label: string, max: number) =>
	v.pipe(
		v.string(`请填写${label}`),
		v.regex(/^([1-9][0-9]{0,15})(,[1-9][0-9]{0,15})*$/, `${label}应为以逗号分隔的正整数`),
		v.transform((s) => [...new Set(s.split(','))]),
		v.check((list) => list.length <= max, `${label}最多 ${max} 个`)
	);

/** The issuing form, as staff confirm it. Evidence and the recipient are recomputed on the server. */
export const LetterForm = v.object({
	kind: v.picklist(LETTER_KINDS, '请选择函件种类'),
	items: ids('涉及事项', 200),
	reason: text('督办事由', 2000, 10),
	feedbackDue: v.pipe(
		v.string('请填写反馈期限'),
		v.isoDate('反馈期限应为 YYYY-MM-DD 格式的日期'),
		v.check(isRealDate, '反馈期限不是有效的日期')
	),
	cc: v.optional(text('抄送', 200, 0), ''),
	/** 问责建议函 on items that never had a 督办函: why the ladder's step is skipped */
	ladderReason: v.optional(text('越级理由', 500, 0), ''),
	key: v.pipe(v.string('缺少请求编号，请刷新页面'), v.regex(/^[0-9a-f-]{36}$/, '请求编号无效，请刷新页面')),
	/** staff confirmed that the named characters print in the fallback face (宋体/明体) */
	fallbackOk: v.optional(v.picklist(['1'], '替代字体确认无效'))
});
export type LetterFormData = v.InferOutput<typeof LetterForm>;

const FIELDS = new Set(Object.keys(LetterForm.entries));

/** The form's fields, validated; a refusal names the field in Chinese. */
export function readLetterForm(data: Record<string, string>) {
	const extra = Object.keys(data).find((k) => !FIELDS.has(k));
	if (extra) return { ok: false as const, field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` };
	// characters that print as boxes or stray marks (CGJ, soft hyphen, variation selectors …), each named
	for (const [field, label] of [['reason', '督办事由'], ['cc', '抄送'], ['ladderReason', '越级理由']] as const) {
		const refused = typeof data[field] === 'string' ? refuseChars(label, data[field]) : null;
		if (refused) return { ok: false as const, field, message: refused };
	}
	return validate(LetterForm, data);
}
