import type { Principal } from '../../domain/access.ts';
import { addDays, startOfLocalDay } from '../../domain/deadlines.ts';
import { leagueTable, ratesByKind, tallyMemo, type Period, type RateItem, type RateName } from '../../domain/rates.ts';
import type { Channel, Satisfaction, UnitKind } from '../../domain/vocabulary.ts';
import type { ClockConfig } from '../clocks/config.ts';
import { loadFacts } from '../clocks/facts.ts';
import { transaction, type Sql } from '../db/connection.ts';

/**
 * The items a period's rates can depend on, in a region (and, for a unit, its own): received by
 * the period's end and not concluded before it began (a year back at most), with their facts.
 * `page`: only the next `limit` of them by id after `after` (a reader that keeps a year of a
 * province's facts out of memory at once).
 */
export async function rateItems(sql: Sql, user: Principal, region: string, period: Period, page?: { after: string; limit: number }): Promise<RateItem[]> {
	const start = startOfLocalDay(period.from);
	const end = startOfLocalDay(addDays(period.to, 1));
	// the planner's JIT compiles for longer than the read takes, and the generic plan a prepared
	// statement falls back to after five runs (blind to the period and region) reads four times
	// slower than a plan made for the values
	const read = <T>(body: (tx: Sql) => Promise<T>) =>
		transaction(sql, async (tx) => {
			await tx`set local jit = off`;
			await tx`set local plan_cache_mode = force_custom_plan`;
			return body(tx);
		});
	const scoped = (tx: Sql) => tx`
		select i.id from petition_item i join region r on r.adcode = i.region
		 where ${region} = any(r.path) and ${user.scope} = any(r.path)
		   ${user.role === 'unit' ? tx`and i.unit_id = ${user.unitId}` : tx``}
		   and i.received_at < ${end} and i.received_at >= ${new Date(start.getTime() - 366 * 86400_000)}
		   and (i.concluded_at is null or i.concluded_at >= ${start})
		   ${page ? tx`and i.id > ${page.after}::bigint order by i.id limit ${page.limit}` : tx``}`;
	// two connections at once: the database reads one while this node parses the other
	const [rows, facts] = await Promise.all([
		read(
			(tx) => tx<{ id: string; unitId: number | null; unitName: string | null; unitKind: UnitKind | null; channel: Channel; isRepeat: boolean; repeatedLater: boolean; satisfaction: Satisfaction | null; region: string }[]>`
				select i.id::text, i.region, i.unit_id as "unitId", u.name as "unitName", u.kind as "unitKind", i.channel,
				       i.repeat_of is not null as "isRepeat",
				       exists (select 1 from petition_item l where l.repeat_of = i.id) as "repeatedLater",
				       i.satisfaction
				  from petition_item i left join unit u on u.id = i.unit_id
				 where i.id in (${scoped(tx)})`
		),
		read((tx) => loadFacts(tx, scoped(tx)))
	]);
	// onto the facts objects themselves: no copy of 200,000 items. Both reads see the same items
	// unless one changed between them; an item the facts read did not see is left out.
	return rows.filter((r) => facts.has(r.id)).map((r) => Object.assign(facts.get(r.id)!, r, { unitName: r.unitName ?? undefined }));
}

export function ratesReport(items: RateItem[], period: Period, now: Date, config: ClockConfig, by: RateName) {
	const tallyOf = tallyMemo(period, now, config);
	return { byKind: ratesByKind(items, period, now, config, tallyOf), league: leagueTable(items, period, now, config, by, tallyOf), minVolume: config.rules.minLeagueVolume };
}

