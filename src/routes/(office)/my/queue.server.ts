import type { PendingQuery, Row } from 'postgres';
import type { SessionUser } from '$lib/server/auth/session.ts';
import type { Sql } from '$lib/server/db/connection.ts';

export type QueueRow = { id: string; serial: string; regionName: string; category: string; status: string; headcount: number; unitName: string | null; due: string | null; light: string; note: string | null };

const LIMIT = 100;

/**
 * 我的事项: the work waiting on this account. A unit: what it must accept, has in hand, has
 * due soon, and what awaits evaluation. The 信访部门: what awaits routing and extension decisions,
 * what is due soon in its scope, and what awaits evaluation.
 */
export async function queues(sql: Sql, user: SessionUser, unitHead: boolean) {
	const mine = user.role === 'unit' ? sql`and i.unit_id = ${user.unitId}` : sql``;
	const none: QueueRow[] = [];
	type Fragment = PendingQuery<Row[]>;
	const list = (where: Fragment, order: Fragment): Promise<QueueRow[]> => sql<QueueRow[]>`
		select i.id::text, i.serial, r.name as "regionName", i.category, i.status, i.headcount, u.name as "unitName",
		       coalesce(i.clock_due, i.conclude_due)::text as due, i.light,
		       (select e.days || ' 日：' || e.reason from extension_request e where e.item_id = i.id and e.decided_at is null) as note
		  from petition_item i join region r on r.adcode = i.region left join unit u on u.id = i.unit_id
		 where ${user.scope} = any(r.path) ${mine} and ${where}
		 order by ${order} limit ${LIMIT}`;
	const byDue = sql`coalesce(i.clock_due, i.conclude_due) nulls last, i.id`;
	const pending = sql`exists (select 1 from extension_request e where e.item_id = i.id and e.decided_at is null)`;
	const [toRoute, toAccept, inHand, dueSoon, toDecide, toEvaluate] = await Promise.all([
		user.role === 'supervisor' ? list(sql`i.status = 'registered'`, sql`i.received_at, i.id`) : none,
		user.role === 'unit' ? list(sql`i.status = 'routed'`, byDue) : none,
		user.role === 'unit' ? list(sql`i.status in ('accepted', 'handling')`, byDue) : none,
		list(sql`i.status in ('registered', 'routed', 'accepted', 'handling', 'review', 'recheck') and i.light in ('yellow', 'due_today', 'red')`, byDue),
		user.role === 'supervisor' || unitHead ? list(pending, byDue) : none,
		list(sql`i.status = 'concluded' and i.satisfaction is null`, sql`i.concluded_at, i.id`)
	]);
	return { toRoute, toAccept, inHand, dueSoon, toDecide, toEvaluate };
}
