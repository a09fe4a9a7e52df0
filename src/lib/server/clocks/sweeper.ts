import { itemLight } from '../../domain/lights.ts';
import { transaction, type Db, type Sql } from '../db/connection.ts';
import { calendarMark, loadClockConfig, type ClockConfig } from './config.ts';
import { loadFacts } from './facts.ts';
import { sweepLetterLights } from '../letters/lights.ts';
import { requestRateInputsRebuild } from '../feed/rate-inputs.ts';
import { runPendingRebuild } from '../feed/rebuild.ts';

export type ItemLight = { id: string; clock: string; due: string | null; light: string; next: Date | null };

/** The clock and light of each item as of `now`, and when each will next change by itself. */
export async function computeLights(sql: Db, ids: string[], now: Date, config: ClockConfig): Promise<ItemLight[]> {
	const facts = await loadFacts(sql, ids);
	const out: ItemLight[] = [];
	for (const [id, item] of facts) {
		const computed = itemLight(item, now, config);
		const { clock } = computed;
		const light = computed.light.light;
		let next = computed.next;
		// never schedule into the past: that would spin on one item
		if (next && next.getTime() <= now.getTime()) next = new Date(now.getTime() + 60_000);
		out.push({ id, clock: clock.kind, due: clock.due, light, next });
	}
	return out;
}

/** Writes computed lights back; the capture trigger turns each real change into a feed event. */
export async function storeLights(sql: Db, lights: ItemLight[]): Promise<void> {
	if (lights.length === 0) return;
	await sql`
		update petition_item p
		   set clock = u.clock, clock_due = u.due::date, light = u.light, light_at = u.next
		  from unnest(${sql.array(lights.map((l) => l.id))}::bigint[], ${sql.array(lights.map((l) => l.clock))}::text[],
		              ${sql.array(lights.map((l) => l.due))}::text[], ${sql.array(lights.map((l) => l.light))}::text[],
		              ${sql.array(lights.map((l) => l.next?.toISOString() ?? null))}::timestamptz[]) as u(id, clock, due, light, next)
		 where p.id = u.id`;
}

/**
 * One pass: the items due for a look (after a write, or because a light turns now), locked so
 * that sweepers on several nodes share the work without doing it twice. Returns how many it
 * looked at; a full batch means there may be more.
 */
export async function sweepOnce(sql: Sql, now: Date, config: ClockConfig, limit = 500): Promise<number> {
	return transaction(sql, async (tx) => {
		const rows = await tx<{ id: string }[]>`
			select id::text from petition_item where light_at <= ${now} order by light_at limit ${limit} for update skip locked`;
		if (rows.length === 0) return 0;
		await storeLights(tx, await computeLights(tx, rows.map((r) => r.id), now, config));
		return rows.length;
	});
}

/** Every item's light at once, inside a bulk load (the demo generator). */
export async function computeAllLights(sql: Db, now: Date, config: ClockConfig, onProgress: (done: number) => void = () => {}): Promise<number> {
	let done = 0;
	let after = '0';
	for (;;) {
		const rows = await sql<{ id: string }[]>`select id::text from petition_item where id > ${after}::bigint order by id limit 5000`;
		if (rows.length === 0) return done;
		await storeLights(sql, await computeLights(sql, rows.map((r) => r.id), now, config));
		done += rows.length;
		after = rows[rows.length - 1].id;
		onProgress(done);
	}
}

export type Sweeper = { stop: () => Promise<void>; config: () => ClockConfig | null };

export type SweepPacing = { intervalMs: number; busyIntervalMs: number; busyPerSecond: number };

/**
 * The pause before the next pass: short while the last pass lit items faster than `busyPerSecond`
 * (`looked` items over the `sinceMs` since the pass before), the full interval otherwise.
 */
export function sweepPause(looked: number, sinceMs: number, pacing: SweepPacing): number {
	return (looked * 1000) / Math.max(1, sinceMs) >= pacing.busyPerSecond ? pacing.busyIntervalMs : pacing.intervalMs;
}

const sleep = (ms: number, signal: { stopped: boolean }) =>
	new Promise<void>((resolve) => {
		const timer = setTimeout(resolve, ms);
		timer.unref?.();
		if (signal.stopped) resolve();
	});

/**
 * Keeps every light true to the clock: turns "due in N days / due today / overdue" into feed
 * events at the minute they happen, without anyone writing. Runs on every node (the rows are
 * shared out with SKIP LOCKED); idempotent, and after a restart it simply finds what is due.
 */
export function startSweeper(
	sql: Sql,
	options: {
		now?: () => Date;
		/** the pause after a pass that found nothing to light */
		intervalMs?: number;
		/**
		 * the pause while items arrive faster than `busyPerSecond`: their first lights then go out in
		 * small, frequent transactions (500 new items a second lit once a second made one 500-row burst
		 * a second, and the relay batch carrying it took 110–200 ms to stamp, the feed's p99 with it).
		 * Slower, the pass stays once a second, so a quiet office's lights do not make frames of their own.
		 */
		busyIntervalMs?: number;
		busyPerSecond?: number;
		configCheckMs?: number;
		log?: (message: string) => void;
	} = {}
): Sweeper {
	const { now = () => new Date(), intervalMs = 1000, busyIntervalMs = 50, busyPerSecond = 50, configCheckMs = 10_000, log = () => {} } = options;
	const signal = { stopped: false };
	let config: ClockConfig | null = null;
	let checkedAt = 0;
	// a rule a rollup depends on changed: rebuild it beside the sweep, not in its way
	let rebuilding: Promise<unknown> | null = null;
	const rebuild = () => {
		rebuilding ??= runPendingRebuild(sql, { stopped: () => signal.stopped, log })
			.catch((error) => log(`汇总重建失败，稍后重试：${(error as Error).message}`))
			.finally(() => (rebuilding = null));
	};
	const pacing = { intervalMs, busyIntervalMs, busyPerSecond };
	let pause = intervalMs;
	let lastPassAt = Date.now();
	const loop = (async () => {
		while (!signal.stopped) {
			try {
				if (!config || Date.now() - checkedAt > configCheckMs) {
					checkedAt = Date.now();
					const [{ version }] = await sql<{ version: number }[]>`select coalesce(max(version), 0) as version from rule_set`;
					const [{ newest, years }] = await sql<{ newest: string | null; years: number }[]>`
						select max(updated_at)::text as newest, count(*)::int as years from holiday_year`;
					const calendar = calendarMark(newest, years);
					if (!config || config.version !== version || config.calendarUpdatedAt !== calendar) {
						const next = await loadClockConfig(sql);
						if (config) {
							log(`时限规则已更新（第 ${next.version} 版），重新计算全部亮灯`);
							await sql`update petition_item set light_at = '-infinity' where light_at is distinct from '-infinity'`;
							await sql`update supervision_letter set light_at = '-infinity' where light_at is distinct from '-infinity'`;
						}
						config = next;
						// the rates' on-time judgements follow the rules and the calendar (migration 0160)
						if (await requestRateInputsRebuild(sql, next)) log('考核指标汇总将按当前规则在后台重建');
					}
					rebuild();
				}
				const passAt = Date.now();
				let looked = await sweepOnce(sql, now(), config);
				pause = sweepPause(looked, passAt - lastPassAt, pacing);
				lastPassAt = passAt;
				while (looked === 500 && !signal.stopped) looked = await sweepOnce(sql, now(), config);
				// 三函: the feedback clock's lights (and 逾期) the same way
				while ((await sweepLetterLights(sql, now(), config.rules)) === 200 && !signal.stopped);
			} catch (error) {
				pause = intervalMs;
				if (!signal.stopped) log(`亮灯计算失败，稍后重试：${(error as Error).message}`);
			}
			await sleep(pause, signal);
		}
	})();
	return {
		config: () => config,
		async stop() {
			signal.stopped = true;
			await loop;
			await rebuilding;
		}
	};
}
