/**
 * Keeps the wall moving: open-loop Poisson arrivals at `ratePerMinute` (the schedule does not
 * wait for the database, so a slow write does not slow the arrivals that follow), about 60 % new
 * items and 40 % steps of open ones. Actions run one at a time; when the database falls far
 * behind, the backlog is dropped rather than queued without bound.
 */
import type { Sql } from '../db/connection.ts';
import { advanceItem, insertItem, loadContext, type LiveContext } from './live.ts';
import { createRandom } from './random.ts';

export type SimulatorOptions = {
	ratePerMinute?: number;
	seed?: string;
	/** the clock written into the data (received_at, step times); the schedule always runs on real time */
	now?: () => Date;
	/** every failure lands here; nothing is thrown out of the timer */
	onError?: (error: Error) => void;
};

export type SimulatorStats = { inserted: number; advanced: number; idle: number; dropped: number; errors: number };
export type Simulator = { stop(): Promise<void>; stats(): SimulatorStats };

const INSERT_SHARE = 0.6;
/** at most this many late arrivals are caught up in one go; further behind, the schedule restarts from now */
const MAX_CATCH_UP = 50;
const MAX_LAG_MS = 5000;

export function startSimulator(sql: Sql, options: SimulatorOptions = {}): Simulator {
	const { ratePerMinute = 120, seed = 'liaowang-live', now = () => new Date(), onError = (e) => console.error('[模拟器]', e) } = options;
	if (!(ratePerMinute > 0) || !Number.isFinite(ratePerMinute)) throw new RangeError(`模拟器速率应为正数：${ratePerMinute}`);
	const rng = createRandom(seed);
	const perMs = ratePerMinute / 60_000;
	const stats: SimulatorStats = { inserted: 0, advanced: 0, idle: 0, dropped: 0, errors: 0 };
	let context: LiveContext | null = null;
	let stopped = false;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let running: Promise<void> | null = null;
	let nextAt = performance.now() + rng.exponential(perMs);
	let pausedUntil = 0;

	const report = (error: unknown) => {
		stats.errors++;
		try {
			onError(error instanceof Error ? error : new Error(String(error)));
		} catch {
			// a failing error handler must not take the timer down either
		}
	};

	async function act() {
		if (performance.now() < pausedUntil) return void stats.dropped++;
		try {
			if (!context) {
				try {
					context = await loadContext(sql, rng.fork('context'));
				} catch (error) {
					pausedUntil = performance.now() + 10_000; // no regions or units yet: say so every 10 s, not every action
					throw error;
				}
			}
			if (rng.chance(INSERT_SHARE)) {
				await insertItem(sql, context, rng, now());
				stats.inserted++;
			} else if (await advanceItem(sql, context, rng, now())) stats.advanced++;
			else stats.idle++;
		} catch (error) {
			report(error);
		}
	}

	async function tick() {
		timer = null;
		let ran = 0;
		while (!stopped && nextAt <= performance.now() && ran++ < MAX_CATCH_UP) {
			await act();
			nextAt += rng.exponential(perMs);
		}
		const lag = performance.now() - nextAt;
		if (lag > MAX_LAG_MS) {
			stats.dropped += Math.round(lag * perMs);
			nextAt = performance.now() + rng.exponential(perMs);
		}
		if (!stopped) schedule();
	}

	function schedule() {
		timer = setTimeout(() => {
			running = tick().catch(report);
		}, Math.max(0, nextAt - performance.now()));
	}

	schedule();
	return {
		stats: () => ({ ...stats }),
		async stop() {
			stopped = true;
			if (timer) clearTimeout(timer);
			timer = null;
			await running;
		}
	};
}
