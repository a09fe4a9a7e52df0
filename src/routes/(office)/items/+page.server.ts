import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { can, regionInScope } from '$lib/domain/access.ts';
import { isValidIdNumber } from '$lib/domain/identity.ts';
import { qualityCodes, type QualityCode } from '$lib/domain/quality.ts';
import { codesOf, statuses } from '$lib/domain/vocabulary.ts';
import { audit } from '$lib/server/auth/audit.ts';
import { watchedRefusal } from '$lib/server/auth/watched.ts';
import { findPetitioners } from '$lib/server/intake/petitioners.ts';
import { runtime } from '$lib/server/runtime.ts';
import { isoDate, queryOf, refuseRepeated } from '$lib/server/work/period.ts';
import { adcode, readForm, validate } from '$lib/validation.ts';
import { listItems, unitName } from '$lib/server/work/items.ts';

const PAGE_SIZE = 50;
/** a person looks up a few people a minute; a script walking phone numbers is stopped (and logged) */
const SEARCH_PER_MINUTE = 20;

const Query = v.strictObject(
	{
		page: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,3}$/, '页码应为 1–9999 的整数'), v.transform(Number)), '1'),
		status: v.optional(v.picklist(codesOf(statuses) as string[], '状态参数无效')),
		unit: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,8}$/, '承办单位参数应为正整数'), v.transform(Number))),
		region: v.optional(adcode('地区')),
		from: v.optional(isoDate('开始日期')),
		to: v.optional(isoDate('结束日期')),
		warning: v.optional(v.picklist(Object.keys(qualityCodes) as QualityCode[], '校对提示类型无效')),
		warned: v.optional(v.literal('1', '参数 warned 只能为 1'))
	},
	'不认识的参数'
);

/** The items in the account's scope (a unit: its own), newest first, narrowed as the link asks. */
export async function load({ locals, url }) {
	const user = locals.user!;
	refuseRepeated(url);
	const query = validate(Query, queryOf(url));
	if (!query.ok) error(400, `${query.message}（参数 ${query.field}）`);
	const { page, status, unit, region, from, to, warning, warned } = query.data;
	if (region && !regionInScope(user.scope, region)) error(404, '该地区不在您的权限范围内');
	const filters = { status: status ?? null, unitId: unit ?? null, region: region ?? null, from: from ?? null, to: to ?? null, warning: warning ?? null, warned: warned === '1' };
	const { sql } = runtime();
	const rows = await listItems(sql, user, filters, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE);
	return {
		items: rows.slice(0, PAGE_SIZE),
		page,
		hasMore: rows.length > PAGE_SIZE,
		status: filters.status,
		filters,
		unitName: filters.unitId ? await unitName(sql, filters.unitId) : null,
		warningLabel: filters.warning ? qualityCodes[filters.warning] : null,
		canRegister: can(user, 'items.register'),
		canHandle: user.role === 'supervisor' || user.role === 'unit'
	};
}

export const actions = {
	/**
	 * 按身份证号或电话查找: through the blind index, so nothing is decrypted; POST, so the number stays
	 * out of URLs and access logs. Shows only items the account may see; audit-logged without the number.
	 */
	search: async ({ locals, request, getClientAddress }) => {
		const user = locals.user;
		if (!user || !can(user, 'items.view')) return fail(403, { field: '', message: '您的账号无权查看信访事项' });
		const form = await readForm(request);
		if (!form.ok) return fail(form.status, { field: form.field, message: form.message });
		const extra = Object.keys(form.data).find((k) => k !== 'petitioner');
		if (extra !== undefined) return fail(400, { field: extra, message: `不应提交字段 ${extra}` });
		const given = (form.data.petitioner ?? '').replace(/\s+/g, '').toUpperCase();
		const by = /^[0-9]{17}[0-9X]$/.test(given) ? 'idNumber' : /^1[3-9][0-9]{9}$/.test(given) ? 'phone' : null;
		if (!by) return fail(400, { field: 'petitioner', message: '请输入 18 位身份证号或 11 位手机号码' });
		if (by === 'idNumber' && !isValidIdNumber(given)) return fail(400, { field: 'petitioner', message: '身份证号的出生日期或校验位不正确，请核对' });
		const { sql } = runtime();
		const limited = await watchedRefusal(sql, user, getClientAddress(), {
			action: 'personal.search',
			limited: 'personal.search_limited',
			perMinute: SEARCH_PER_MINUTE,
			message: `一分钟内查找信访人已达 ${SEARCH_PER_MINUTE} 次，请稍后再试（已记录）`
		});
		if (limited) return limited;
		const petitionerIds = await findPetitioners(sql, { [by]: given });
		const none = { status: null, unitId: null, region: null, from: null, to: null, warning: null, warned: false };
		const rows = petitionerIds.length ? await listItems(sql, user, { ...none, petitionerIds }, PAGE_SIZE + 1, 0) : [];
		await audit(sql, { userId: user.userId, username: user.username, action: 'personal.search', detail: { by, found: rows.length }, ip: getClientAddress() });
		const items = rows.slice(0, PAGE_SIZE).map((r) => ({ ...r, id: String(r.id) }));
		return { field: '', message: '', search: { by, items, more: rows.length > PAGE_SIZE } };
	}
};
