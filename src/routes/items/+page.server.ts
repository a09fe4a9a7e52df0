import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { can, type Principal } from '$lib/domain/access.ts';
import { isValidIdNumber } from '$lib/domain/identity.ts';
import { codesOf, statuses } from '$lib/domain/vocabulary.ts';
import { audit } from '$lib/server/auth/audit.ts';
import { watchedRefusal } from '$lib/server/auth/watched.ts';
import type { Sql } from '$lib/server/db/connection.ts';
import { findPetitioners } from '$lib/server/intake/petitioners.ts';
import { runtime } from '$lib/server/runtime.ts';
import { readForm, validate } from '$lib/validation.ts';

const PAGE_SIZE = 50;
/** a person looks up a few people a minute; a script walking phone numbers is stopped (and logged) */
const SEARCH_PER_MINUTE = 20;

const Query = v.object({
	page: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,3}$/, '页码应为 1–9999 的整数'), v.transform(Number)), '1'),
	status: v.optional(v.picklist(codesOf(statuses) as string[], '状态参数无效'))
});

type Filter = { status?: string; petitionerIds?: bigint[]; page: number };

/** The items in the account's scope (a unit: its own), newest first; no personal data here. */
function itemsInScope(sql: Sql, user: Principal, { status, petitionerIds, page }: Filter) {
	return sql<
		{ id: number; serial: string; receivedAt: Date; regionName: string; channel: string; category: string; status: string; headcount: number; concludeDue: string | null; overdueDays: number | null }[]
	>`
		select i.id, i.serial, i.received_at as "receivedAt", r.name as "regionName", i.channel, i.category,
		       i.status, i.headcount, i.conclude_due::text as "concludeDue",
		       case when i.concluded_at is null and i.conclude_due < (now() at time zone 'Asia/Shanghai')::date
		            then (now() at time zone 'Asia/Shanghai')::date - i.conclude_due end as "overdueDays"
		  from petition_item i join region r on r.adcode = i.region
		 where ${user.scope} = any(r.path)
		   ${user.role === 'unit' ? sql`and i.unit_id = ${user.unitId}` : sql``}
		   ${status ? sql`and i.status = ${status}` : sql``}
		   ${petitionerIds ? sql`and i.petitioner_id = any(${petitionerIds.map(String)}::bigint[])` : sql``}
		 order by i.received_at desc, i.id desc
		 limit ${PAGE_SIZE + 1} offset ${(page - 1) * PAGE_SIZE}`;
}

export async function load({ locals, url }) {
	const user = locals.user!;
	const query = validate(Query, Object.fromEntries(url.searchParams));
	if (!query.ok) error(400, `${query.message}（参数 ${query.field}）`);
	const { page, status } = query.data;
	const rows = await itemsInScope(runtime().sql, user, { status, page });
	return { items: rows.slice(0, PAGE_SIZE), page, hasMore: rows.length > PAGE_SIZE, status: status ?? null, canRegister: can(user, 'items.register'), canHandle: user.role === 'supervisor' || user.role === 'unit' };
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
		const rows = petitionerIds.length ? await itemsInScope(sql, user, { petitionerIds, page: 1 }) : [];
		await audit(sql, { userId: user.userId, username: user.username, action: 'personal.search', detail: { by, found: rows.length }, ip: getClientAddress() });
		const items = rows.slice(0, PAGE_SIZE).map((r) => ({ ...r, id: String(r.id) }));
		return { field: '', message: '', search: { by, items, more: rows.length > PAGE_SIZE } };
	}
};
