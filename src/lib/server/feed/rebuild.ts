import type { Db, Sql } from '../db/connection.ts';
import { addDays, daysBetween } from '../../domain/deadlines.ts';
import { rebuildRateInputsChunk } from './rate-inputs-build.ts';

/**
 * Rebuilding what depends on a rule after the rule changes: the group counts of rollup_daily and
 * rollup_area follow the rules' groupThreshold (migration 0041). The relay counts new changes
 * with the new threshold from the moment the rule is saved; this replaces the days already
 * counted, a chunk of days at a time, in the background, with progress for /admin/status.
 *
 * Each chunk runs in one repeatable-read transaction holding the relay's lock (feed_state), and
 * only when no petition change is waiting for the relay: then the base table in the snapshot is
 * exactly what the rollups have folded, and replacing a day from the GROUP BY is exact. A chunk
 * that finds changes waiting (or loses a serialization race with the relay) is retried shortly.
 * The relay waits while a chunk runs, so chunks are a week by default (measured: 50,000 items
 * over 184 days rebuilt in 27 chunks, about 0.45 s each, on a loaded 2-core machine). Then the
 * rate inputs, which follow the rules and the calendar, a chunk of items at a time in the same way
 * (rate-inputs-build.ts).
 */

export type RebuildJob = { id: number; reason: string; daysDone: number; daysTotal: number; requestedAt: Date; startedAt: Date | null; finishedAt: Date | null; error: string | null };

/** Asks for a rebuild (in the caller's transaction, with the rule change that needs it). */
export async function requestRebuild(tx: Db, reason: string, rulesVersion: number | null, userId: number | null): Promise<void> {
	await tx`insert into rollup_rebuild (reason, rules_version, requested_by) values (${reason}, ${rulesVersion}, ${userId})`;
}

/** The newest rebuild, for the status page. */
export async function latestRebuild(sql: Db): Promise<RebuildJob | null> {
	const [job] = await sql<RebuildJob[]>`
		select id::int, reason, days_done as "daysDone", days_total as "daysTotal", requested_at as "requestedAt",
		       started_at as "startedAt", finished_at as "finishedAt", error
		  from rollup_rebuild order by id desc limit 1`;
	return job ?? null;
}

type Claimed = { id: number; firstDay: string | null; lastDay: string | null; daysDone: number };

/** Takes the oldest unfinished job nobody has worked on for a minute (another node may have died holding it). */
async function claim(sql: Sql): Promise<Claimed | null> {
	const [job] = await sql<Claimed[]>`
		update rollup_rebuild set started_at = coalesce(started_at, now()), heartbeat_at = now()
		 where id = (select id from rollup_rebuild
		              where finished_at is null and (heartbeat_at is null or heartbeat_at < now() - interval '1 minute')
		              order by id limit 1 for update skip locked)
		returning id::int, first_day::text as "firstDay", last_day::text as "lastDay", days_done as "daysDone"`;
	if (!job || job.firstDay) return job ?? null;
	// the days to rebuild: every day the base table or the rollup has
	const [span] = await sql<{ first: string | null; last: string | null }[]>`
		select least(min(d.day), (select min((received_at at time zone 'Asia/Shanghai')::date) from petition_item))::text as first,
		       greatest(max(d.day), (select max((received_at at time zone 'Asia/Shanghai')::date) from petition_item))::text as last
		  from rollup_daily d`;
	const total = span.first && span.last ? daysBetween(span.first, span.last) + 1 : 0;
	await sql`update rollup_rebuild set first_day = ${span.first}, last_day = ${span.last}, days_total = ${total} where id = ${job.id}`;
	return { ...job, firstDay: span.first, lastDay: span.last };
}

/** One chunk [from, to]: true when done, false when it must wait for the relay. */
async function rebuildChunk(sql: Sql, jobId: number, from: string, to: string, done: number): Promise<boolean> {
	try {
		return (await sql.begin('isolation level repeatable read', async (tx) => {
			await tx`select 1 from feed_state for update`;
			const [{ waiting }] = await tx<{ waiting: boolean }[]>`select exists (select 1 from outbox where seq is null and topic = 'petition') as waiting`;
			if (waiting) return false;
			await tx`delete from rollup_daily where day between ${from}::date and ${to}::date`;
			await tx`insert into rollup_daily select * from rollup_daily_truth where day between ${from}::date and ${to}::date`;
			await tx`delete from rollup_area where day between ${from}::date and ${to}::date`;
			await tx`insert into rollup_area select * from rollup_area_truth where day between ${from}::date and ${to}::date order by day, dim, adcode, key`;
			await tx`update rollup_rebuild set days_done = ${done}, heartbeat_at = now() where id = ${jobId}`;
			return true;
		})) as boolean;
	} catch (error) {
		if ((error as { code?: string }).code === '40001') return false; // the relay stamped meanwhile: try again
		throw error;
	}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the pending rebuild, if any, to its end; then tells every wall to read afresh (a 'rules'
 * event on the feed). Returns whether it ran one.
 */
export async function runPendingRebuild(
	sql: Sql,
	options: { chunkDays?: number; chunkItems?: number; stopped?: () => boolean; log?: (message: string) => void } = {}
): Promise<boolean> {
	const { chunkDays = 7, chunkItems = 1000, stopped = () => false, log = () => {} } = options;
	const job = await claim(sql);
	if (!job) return false;
	try {
		if (job.firstDay && job.lastDay) {
			let from = addDays(job.firstDay, job.daysDone);
			let waits = 0;
			while (from <= job.lastDay) {
				if (stopped()) return true; // another node (or this one, restarted) picks it up from days_done
				const to = addDays(from, chunkDays - 1) < job.lastDay ? addDays(from, chunkDays - 1) : job.lastDay;
				const done = daysBetween(job.firstDay, to) + 1;
				if (await rebuildChunk(sql, job.id, from, to, done)) {
					from = addDays(to, 1);
					waits = 0;
				} else {
					// still ours while it waits for the relay: keep the heartbeat fresh so no other node takes it
					if (++waits % 20 === 0) await sql`update rollup_rebuild set heartbeat_at = now() where id = ${job.id}`;
					await sleep(50);
				}
			}
		}
		// the rates' on-time judgements follow the rules and the calendar: recomputed a chunk of items
		// at a time (migration 0163); where it got to is kept, for whoever carries on
		for (;;) {
			if (stopped()) return true;
			const build = await rebuildRateInputsChunk(sql, chunkItems);
			await sql`update rollup_rebuild set heartbeat_at = now() where id = ${job.id}`;
			if (build.finished) break;
		}
		await sql.begin(async (tx) => {
			await tx`update rollup_rebuild set finished_at = now(), heartbeat_at = now() where id = ${job.id}`;
			await tx`insert into outbox (topic, entity, entity_id, op, region_path, payload)
			         select 'rules', 'rule_set', coalesce(max(s.version), 0)::text, 'update', (select array_agg(adcode order by adcode) from region),
			                jsonb_build_object('groupThreshold', group_threshold())
			           from rule_set s`;
		});
		log(`汇总重建完成（任务 ${job.id}）`);
	} catch (error) {
		await sql`update rollup_rebuild set error = ${(error as Error).message.slice(0, 500)}, heartbeat_at = now() where id = ${job.id}`;
		log(`汇总重建失败，稍后重试：${(error as Error).message}`);
	}
	return true;
}
