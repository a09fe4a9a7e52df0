import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { can } from '$lib/domain/access.ts';
import { codesOf, statuses } from '$lib/domain/vocabulary.ts';
import { runtime } from '$lib/server/runtime.ts';
import { validate } from '$lib/validation.ts';

const PAGE_SIZE = 50;

const Query = v.object({
	page: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,3}$/, '页码应为 1–9999 的整数'), v.transform(Number)), '1'),
	status: v.optional(v.picklist(codesOf(statuses) as string[], '状态参数无效'))
});

/** The items in the account's scope (a unit: its own), newest first; no personal data here. */
export async function load({ locals, url }) {
	const user = locals.user!;
	const query = validate(Query, Object.fromEntries(url.searchParams));
	if (!query.ok) error(400, `${query.message}（参数 ${query.field}）`);
	const { page, status } = query.data;
	const { sql } = runtime();
	const rows = await sql<
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
		 order by i.received_at desc, i.id desc
		 limit ${PAGE_SIZE + 1} offset ${(page - 1) * PAGE_SIZE}`;
	return { items: rows.slice(0, PAGE_SIZE), page, hasMore: rows.length > PAGE_SIZE, status: status ?? null, canRegister: can(user, 'items.register'), canHandle: user.role === 'supervisor' || user.role === 'unit' };
}
