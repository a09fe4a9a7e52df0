import type { Principal } from '../../domain/access.ts';
import { compareFigures, type Effect, type Figures } from '../../domain/letter-effect.ts';
import type { Sql } from '../db/connection.ts';

/** Each side of a letter is judged over this many days. */
export const EFFECT_WINDOW_DAYS = 90;

type Row = { window: 'before' | 'after'; concludeDays: number | null; repeatRate: number | null; satisfaction: number | null; concluded: number; received: number };

/** A unit's figures in the windows before and after an instant (a letter's issue). */
export async function unitEffect(sql: Sql, unitId: number, at: Date): Promise<Effect> {
	const rows = await sql<Row[]>`
		with w as (select * from (values ('before', ${at}::timestamptz - make_interval(days => ${EFFECT_WINDOW_DAYS}), ${at}::timestamptz),
		                                 ('after', ${at}::timestamptz, ${at}::timestamptz + make_interval(days => ${EFFECT_WINDOW_DAYS}))) as t(name, lo, hi))
		select w.name as window,
		       (select round(avg(extract(epoch from i.concluded_at - i.received_at) / 86400)::numeric, 1)::float from petition_item i
		         where i.unit_id = ${unitId} and i.concluded_at >= w.lo and i.concluded_at < w.hi) as "concludeDays",
		       (select count(*) filter (where i.repeat_of is not null)::float / nullif(count(*), 0) from petition_item i
		         where i.unit_id = ${unitId} and i.received_at >= w.lo and i.received_at < w.hi) as "repeatRate",
		       (select count(*) filter (where i.satisfaction in ('satisfied', 'basic'))::float / nullif(count(i.satisfaction), 0) from petition_item i
		         where i.unit_id = ${unitId} and i.concluded_at >= w.lo and i.concluded_at < w.hi) as satisfaction,
		       (select count(*)::int from petition_item i where i.unit_id = ${unitId} and i.concluded_at >= w.lo and i.concluded_at < w.hi) as concluded,
		       (select count(*)::int from petition_item i where i.unit_id = ${unitId} and i.received_at >= w.lo and i.received_at < w.hi) as received
		  from w`;
	const pick = (name: 'before' | 'after'): Figures => {
		const { window: _, ...figures } = rows.find((r) => r.window === name)!;
		return figures;
	};
	return compareFigures(pick('before'), pick('after'));
}

/** For leaders: the units in scope that received letters, each judged around its first letter. */
export async function unitEffects(sql: Sql, user: Principal, now: Date, limit = 12) {
	const units = await sql<{ unitId: number; unitName: string; letters: number; firstAt: Date }[]>`
		select u.id as "unitId", u.name as "unitName", count(*)::int as letters, min(l.issued_at) as "firstAt"
		  from supervision_letter l join unit u on u.id = l.recipient_unit_id join region r on r.adcode = u.region
		 where ${user.scope} = any(r.path) and l.issued_at <= ${now}
		 group by u.id order by count(*) desc, u.id limit ${limit}`;
	return Promise.all(units.map(async (u) => ({ ...u, effect: await unitEffect(sql, u.unitId, u.firstAt) })));
}
