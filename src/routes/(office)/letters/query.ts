import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { LETTER_KINDS, type LetterKind } from '$lib/domain/letter-rules.ts';
import { letterStatuses, type LetterStatus } from '$lib/domain/letters.ts';
import type { RegisterFilters } from '$lib/server/letters/queries.ts';
import { isRealDate, text, validate } from '$lib/validation.ts';

const date = (label: string) =>
	v.pipe(
		v.string(),
		v.isoDate(`${label}应为 YYYY-MM-DD 格式的日期`),
		v.check(isRealDate, `${label}不是有效的日期`)
	);

const Query = v.object({
	kind: v.optional(v.picklist(LETTER_KINDS, '函件种类参数无效')),
	status: v.optional(v.picklist(Object.keys(letterStatuses) as LetterStatus[], '函件状态参数无效')),
	unit: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,8}$/, '单位（主送单位或抄送单位）参数应为正整数'), v.transform(Number))),
	from: v.optional(date('起始日期')),
	to: v.optional(date('截止日期')),
	q: v.optional(text('搜索内容', 60)),
	page: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,3}$/, '页码应为 1–9999 的整数'), v.transform(Number)), '1')
});

/** The register's query string, validated: one value per parameter, nothing unknown. */
export function readRegisterQuery(url: URL): { filters: RegisterFilters; page: number } {
	const repeated = [...new Set(url.searchParams.keys())].find((k) => url.searchParams.getAll(k).length > 1);
	if (repeated) error(400, `参数 ${repeated.slice(0, 40)} 重复`);
	const unknown = [...url.searchParams.keys()].find((k) => !(k in Query.entries));
	if (unknown) error(400, `不认识的参数 ${unknown.slice(0, 40)}`);
	// an empty field of the filter form means "any"
	const query = validate(Query, Object.fromEntries([...url.searchParams].filter(([, value]) => value !== '')));
	if (!query.ok) error(400, `${query.message}（参数 ${query.field}）`);
	const { kind, status, unit, from, to, q, page } = query.data;
	if (from && to && from > to) error(400, '截止日期不能早于起始日期（参数 to）');
	return {
		page,
		filters: { kind: (kind || null) as LetterKind | null, status: (status || null) as LetterStatus | null, unitId: typeof unit === 'number' ? unit : null, from: from || null, to: to || null, q: q || null }
	};
}
