import { groupVisitWarnings, type Arrival, type GroupWarning } from '../../domain/groups.ts';
import type { Rules } from '../../domain/rules.ts';
import type { Db } from '../db/connection.ts';

export type NamedGroupWarning = GroupWarning & { regionName: string };

/**
 * 群体访预警 in a region (any level): the arrivals of the rules' window read once (an index range
 * on received_at) and clustered by the domain rule. The one definition /work's list and the
 * wall's figures both use, so they agree.
 */
export async function groupWarningsIn(sql: Db, region: string, rules: Pick<Rules, 'groupThreshold' | 'groupWarning'>, now: Date): Promise<NamedGroupWarning[]> {
	const since = new Date(now.getTime() - rules.groupWarning.windowHours * 3600_000);
	const arrivals = await sql<Arrival[]>`
		select i.id::text, i.received_at as "receivedAt", i.category, i.region, i.channel, i.headcount,
		       encode(p.identity_hash, 'hex') as "petitionerHash"
		  from petition_item i join region r on r.adcode = i.region left join petitioner p on p.id = i.petitioner_id
		 where ${region} = any(r.path) and i.received_at between ${since} and ${now}`;
	const warnings = groupVisitWarnings(arrivals, now, rules);
	if (warnings.length === 0) return [];
	const names = new Map(
		(await sql<{ adcode: string; name: string }[]>`select adcode, name from region where adcode = any(${[...new Set(warnings.map((w) => w.region))]}::text[])`).map((r) => [r.adcode, r.name])
	);
	return warnings.map((w) => ({ ...w, regionName: names.get(w.region) ?? w.region }));
}
