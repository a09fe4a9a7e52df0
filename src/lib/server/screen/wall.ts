import type { Db, Sql } from '../db/connection.ts';
import { regionInScope } from '../../domain/access.ts';
import { localDay } from '../../time.ts';
import type { Area, WallSnapshot } from '../../screen/wall.ts';
import { readCases, readGroupWarnings, readLetters, readRates } from './wall-boards.ts';
import { readLights, readOverdue } from './wall-state.ts';
import { ROLLUPS, readAreas, readPeriods, type Source, type View } from './wall-volume.ts';

/** Why a wall snapshot was not given: the region is not the account's to see, or does not exist. */
export type WallRefusal = { refused: 'scope' | 'missing' };

/**
 * The command wall's snapshot of a region within the account's scope, exact at a feed seq: every
 * figure is read in one repeatable-read transaction from rollups (rollup_area, rollup_state,
 * kept by the relay in the stamping transaction together with feed_state.last_seq), the small
 * lead_case and supervision_letter tables, the rate board, and the partial light index for the
 * oldest overdue items. Never a GROUP BY over petition_item.
 */
export async function wallSnapshot(sql: Sql, scope: string, adcode: string, now = new Date(), source: Source = ROLLUPS): Promise<WallSnapshot | WallRefusal> {
	if (!regionInScope(scope, adcode)) return { refused: 'scope' };
	return sql.begin('isolation level repeatable read read only', (tx) => readWall(tx, scope, adcode, now, source)) as Promise<WallSnapshot | WallRefusal>;
}

/** The wall snapshot read in the caller's repeatable-read transaction (a meeting's freeze reads more beside it). */
export async function readWall(tx: Db, scope: string, adcode: string, now = new Date(), source: Source = ROLLUPS): Promise<WallSnapshot | WallRefusal> {
	if (!regionInScope(scope, adcode)) return { refused: 'scope' };
	const today = localDay(now);
	{
		// custom plans for the actual region and days (a generic plan loops over every area: bench/P4).
		// The reads are independent: issued together, postgres.js pipelines them on the
		// transaction's connection, so a snapshot costs three round trips rather than fifteen.
		const [, [region], [state], [rule]] = await Promise.all([
			tx`set local plan_cache_mode = force_custom_plan`,
			tx<{ adcode: string; name: string; level: 'province' | 'city' | 'county'; parent: string | null; path: string[]; lng: number | null; lat: number | null }[]>`
				select adcode, name, level, parent, path, center_lng as lng, center_lat as lat from region where adcode = ${adcode}`,
			tx<{ lastSeq: bigint }[]>`select last_seq as "lastSeq" from feed_state`,
			// the group threshold the rollups were counted with, in the same snapshot (migration 0041)
			tx<{ groupThreshold: number }[]>`select group_threshold() as "groupThreshold"`
		]);
		if (!region) return { refused: 'missing' as const };
		const county = region.level === 'county';
		const view: View = { adcode, depth: region.level === 'province' ? 2 : 3, today, source };
		const [areaRows, pathRows, periods, overdue, cases, letters, rates, groupWarnings] = await Promise.all([
			tx<{ adcode: string; name: string; lng: number | null; lat: number | null }[]>`
				select adcode, name, center_lng as lng, center_lat as lat from region
				 where ${county ? tx`adcode = ${adcode}` : tx`parent = ${adcode}`} order by adcode`,
			tx<{ adcode: string; name: string }[]>`select adcode, name from region where adcode = any(${region.path}::text[])`,
			readPeriods(tx, view),
			readOverdue(tx, view),
			readCases(tx, adcode, today),
			readLetters(tx, adcode, today),
			readRates(tx, adcode, region.level),
			readGroupWarnings(tx, adcode)
		]);
		const areas: Area[] = areaRows.map((a) => ({ adcode: a.adcode, name: a.name, center: a.lng === null || a.lat === null ? null : [a.lng, a.lat] }));
		const codes = areas.map((a) => a.adcode);
		const names = new Map(pathRows.map((p) => [p.adcode, p.name]));
		const path = region.path.filter((a) => regionInScope(scope, a)).map((a) => ({ adcode: a, name: names.get(a)! }));
		const [volume, lights] = await Promise.all([readAreas(tx, view, codes), readLights(tx, view, codes)]);
		return {
			seq: Number(state.lastSeq),
			today,
			region: { adcode: region.adcode, name: region.name, level: region.level, center: region.lng === null || region.lat === null ? null : [region.lng, region.lat] },
			path,
			map: county ? region.parent! : region.adcode,
			areas,
			...volume,
			periods,
			...lights,
			...overdue,
			cases,
			rates,
			letters,
			...(groupWarnings && { groupWarnings }),
			groupThreshold: rule.groupThreshold
		} satisfies WallSnapshot;
	}
}
