import { detect, type Arriving, type Detection } from '../../domain/detection.ts';
import type { PetitionSignature } from '../../domain/repeats.ts';
import type { Rules } from '../../domain/rules.ts';
import { loadRules } from '../clocks/config.ts';
import type { Category, Channel } from '../../domain/vocabulary.ts';
import type { Db, Sql } from '../db/connection.ts';

export type DetectionRules = Pick<Rules, 'repeatWindowDays' | 'repeatMatch' | 'groupThreshold'>;

/** The rules in force (newest rule_set), the statutory defaults when none validates. */
export async function detectionRules(sql: Sql | Db): Promise<DetectionRules> {
	return (await loadRules(sql)).rules;
}

type Row = { id: string; receivedAt: Date; hash: string | null; unitId: number | null; category: Category; summary: string; region: string };

/**
 * The earlier items an arriving one could repeat: the same petitioner's within the window (and,
 * when the rules do not require the same person, the same place and category's), newest first.
 */
async function candidates(tx: Sql | Db, item: Arriving & { petitionerId: bigint | null }, rules: DetectionRules): Promise<PetitionSignature[]> {
	const since = new Date(item.receivedAt.getTime() - (rules.repeatWindowDays + 1) * 86_400_000);
	const byPerson = item.petitionerId === null ? tx`false` : tx`i.petitioner_id = ${item.petitionerId}`;
	const byPlace = rules.repeatMatch.requireSamePerson ? tx`false` : tx`(i.region = ${item.region} and i.category = ${item.category})`;
	const rows = await tx<Row[]>`
		select i.id::text, i.received_at as "receivedAt", encode(p.identity_hash, 'hex') as hash, i.unit_id as "unitId", i.category, i.summary, i.region
		  from petition_item i left join petitioner p on p.id = i.petitioner_id
		 where (${byPerson} or ${byPlace}) and i.received_at >= ${since} and i.received_at < ${item.receivedAt}
		 order by i.received_at desc, i.id desc
		 limit 200`;
	return rows.map((r) => ({ id: r.id, receivedAt: r.receivedAt, petitionerHash: r.hash, respondent: null, unitId: r.unitId, category: r.category, summary: r.summary, region: r.region }));
}

/** Detection for an item about to be written, from the database's earlier items. */
export async function detectAtIntake(tx: Sql | Db, item: Arriving & { petitionerId: bigint | null }, rules: DetectionRules): Promise<Detection> {
	return detect(item, await candidates(tx, item, rules), rules);
}

type Stored = { channel: Channel; receivedAt: Date; petitionerId: bigint | null; hash: string | null; unitId: number | null; category: Category; summary: string; region: string; headcount: number; detection: Detection | null };

/**
 * 重复 judged again when an item changes hands (转送交办, 改派), in the transition's transaction: the
 * responsible unit is one of the repeat factors, so the match — and the earlier item `repeat_of`
 * points to — may change with it. 越级 (by the body that received it) and 群体 (by headcount) do not
 * depend on the unit and stay as registered. Items stored without an explanation (the bulk demo
 * history) keep their marks. Returns whether the repeat changed.
 */
export async function redetectRepeat(tx: Sql, itemId: string): Promise<boolean> {
	const [item] = await tx<Stored[]>`
		select i.channel, i.received_at as "receivedAt", i.petitioner_id as "petitionerId", encode(p.identity_hash, 'hex') as hash, i.unit_id as "unitId",
		       i.category, i.summary, i.region, i.headcount, i.detection
		  from petition_item i left join petitioner p on p.id = i.petitioner_id where i.id = ${itemId}`;
	if (!item?.detection) return false;
	const again = await detectAtIntake(
		tx,
		{ id: itemId, receivedAt: item.receivedAt, petitionerHash: item.hash, petitionerId: item.petitionerId, respondent: null, unitId: item.unitId, category: item.category, summary: item.summary, region: item.region, headcount: item.headcount, channel: item.channel, receivedBy: item.detection.skipLevel.receivedBy },
		await detectionRules(tx)
	);
	if (JSON.stringify(again.repeat) === JSON.stringify(item.detection.repeat)) return false;
	await tx`update petition_item set repeat_of = ${again.repeat?.earlierId ?? null}, detection = ${tx.json({ ...item.detection, repeat: again.repeat } as never)} where id = ${itemId}`;
	return true;
}
