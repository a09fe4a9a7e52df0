import { clusterWarnings, type GroupCluster, type GroupWarning } from '../../domain/groups.ts';
import type { Rules } from '../../domain/rules.ts';
import type { Db } from '../db/connection.ts';

export type NamedGroupWarning = GroupWarning & { regionName: string };

/**
 * 群体访预警 in a region (any level). The database clusters the window's arrivals (an index range
 * on received_at) as the domain's `clusterArrivals` defines — each identified person once with
 * their largest headcount, each anonymous petition's headcount — and returns only the clusters
 * near the threshold, one row each: a province's window holds tens of thousands of arrivals, and
 * reading them all into the node every five minutes made a burst of ~50 MB of rows that left the
 * heap (and RSS) larger for good. The warnings are then made by the domain rule. The one
 * definition /work's list and the wall's figures both use, so they agree.
 */
export async function groupWarningsIn(sql: Db, region: string, rules: Pick<Rules, 'groupThreshold' | 'groupWarning'>, now: Date): Promise<NamedGroupWarning[]> {
	const since = new Date(now.getTime() - rules.groupWarning.windowHours * 3600_000);
	const rows = await sql<(Omit<GroupCluster, 'channels'> & { channels: GroupCluster['channels'][number][0][]; counts: number[]; regionName: string })[]>`
		with a as (
			select i.category, i.region, i.channel, i.headcount, i.received_at, i.petitioner_id
			  from petition_item i join region r on r.adcode = i.region
			 where ${region} = any(r.path) and i.received_at > ${since} and i.received_at <= ${now}
		),
		people as (
			select category, region, max(headcount) as n from a where petitioner_id is not null group by category, region, petitioner_id
			union all
			select category, region, headcount from a where petitioner_id is null
		),
		near as (
			select category, region, sum(n)::int as people from people group by category, region having sum(n) >= ${rules.groupWarning.nearThreshold}
		),
		by_channel as (
			select a.category, a.region, a.channel, count(*)::int as n, min(a.received_at) as first_at, max(a.received_at) as last_at
			  from a join near using (category, region) group by a.category, a.region, a.channel
		)
		select c.category, c.region, max(g.name) as "regionName", n.people, sum(c.n)::int as petitions,
		       min(c.first_at) as "from", max(c.last_at) as "to",
		       array_agg(c.channel order by c.first_at, c.channel collate "C") as channels,
		       array_agg(c.n order by c.first_at, c.channel collate "C") as counts
		  from by_channel c join near n using (category, region) join region g on g.adcode = c.region
		 group by c.category, c.region, n.people`;
	const names = new Map(rows.map((r) => [r.region, r.regionName]));
	const clusters = rows.map(({ channels, counts, regionName: _, ...c }): GroupCluster => ({ ...c, channels: channels.map((channel, i) => [channel, counts[i]]) }));
	return clusterWarnings(clusters, rules).map((w) => ({ ...w, regionName: names.get(w.region) ?? w.region }));
}
