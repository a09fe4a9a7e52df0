/**
 * The load generator, in its own process: single-row petition inserts (each its own
 * transaction) on a fixed open-loop schedule — change i is sent at its due time whether or not
 * earlier ones have committed. Reports when each commit returned, so receivers can also measure
 * from the commit. In `floor` mode it hands each committed change to the floor server itself.
 */
import net from 'node:net';
import { connect } from '../../src/lib/server/db/connection.ts';
import { Histogram } from '../lib/stats.ts';
import { monotonicMs, onParent, sleep, toParent } from '../lib/env.ts';
import { countyOf, intendedAt, serialOf, type PhaseSpec } from './shared.ts';

type Start = { url: string; spec: PhaseSpec; floorPort: number; pool: number; lateLimitMs: number };

async function run({ url, spec, floorPort, pool, lateLimitMs }: Start) {
	const sql = connect(url, { max: pool, appName: 'liaowang-bench-writer' });
	const floor = spec.mode === 'floor' ? net.connect(floorPort, '127.0.0.1') : null;
	if (floor) await new Promise<void>((resolve, reject) => floor.once('connect', resolve).once('error', reject));
	floor?.setNoDelay(true);
	// warm the pool and the prepared statement path before the clock starts
	await Promise.all(Array.from({ length: pool }, () => sql`select 1`));

	const sendLatency = new Histogram(); // intended send → commit returned (measured changes)
	let errors = 0;
	let firstError = '';
	let inFlight = 0;
	let maxInFlight = 0;
	let committed = 0;
	let aborted = '';
	let batchIdx: number[] = [];
	let batchAt: number[] = [];
	const flush = () => {
		if (batchIdx.length === 0) return;
		toParent({ type: 'commits', idx: Int32Array.from(batchIdx), at: Float64Array.from(batchAt) });
		batchIdx = [];
		batchAt = [];
	};
	const flusher = setInterval(flush, 50);

	const write = async (i: number) => {
		const intended = intendedAt(spec, i);
		const county = countyOf(spec, i);
		inFlight++;
		if (inFlight > maxInFlight) maxInFlight = inFlight;
		try {
			const serial = serialOf(spec, i);
			const rows = floor
				? await sql<{ id: bigint; at: Date; payload: Record<string, unknown> }[]>`
					insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due)
					values (${serial}, 'online', now(), ${county.adcode}, 'labour', 'appeal', '基准测试：反映拖欠工资问题', current_date + 15)
					returning id, clock_timestamp() as at, petition_item_feed_payload(petition_item) as payload`
				: await sql`
					insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due)
					values (${serial}, 'online', now(), ${county.adcode}, 'labour', 'appeal', '基准测试：反映拖欠工资问题', current_date + 15)`;
			const at = monotonicMs();
			if (floor) {
				const row = rows[0] as { id: bigint; at: Date; payload: Record<string, unknown> };
				const event = {
					seq: Number(row.id),
					topic: 'petition',
					entity: 'petition_item',
					entityId: String(row.id),
					op: 'insert',
					regionPath: county.path,
					at: row.at.toISOString(),
					payload: row.payload
				};
				floor.write(`${JSON.stringify(event)}\n`);
			}
			committed++;
			if (i >= spec.warmup) sendLatency.add(at - intended);
			batchIdx.push(i);
			batchAt.push(at);
		} catch (error) {
			errors++;
			firstError ||= (error as Error).message;
		} finally {
			inFlight--;
		}
	};

	const pending = new Set<Promise<void>>();
	let next = 0;
	while (next < spec.total) {
		const now = monotonicMs();
		// bounded: a database that falls this far behind the schedule ends the phase
		if (now - intendedAt(spec, next) > lateLimitMs || inFlight > spec.rate * (lateLimitMs / 1000)) {
			aborted = `behind schedule by ${Math.round(now - intendedAt(spec, next))} ms with ${inFlight} in flight`;
			break;
		}
		while (next < spec.total && intendedAt(spec, next) <= now) {
			const p = write(next++);
			pending.add(p);
			void p.finally(() => pending.delete(p));
		}
		if (next < spec.total) await sleep(Math.max(0, Math.min(5, intendedAt(spec, next) - monotonicMs())));
	}
	await Promise.race([Promise.all(pending), sleep(lateLimitMs)]);
	clearInterval(flusher);
	flush();
	floor?.end();
	await sql.end({ timeout: 5 });
	toParent({
		type: 'done',
		written: next,
		committed,
		errors,
		firstError,
		aborted,
		maxInFlight,
		sendLatency: sendLatency.toData(),
		lastDueAt: intendedAt(spec, next - 1)
	});
}

onParent(async (message) => {
	if (message.type === 'start') await run(message as unknown as Start);
	if (message.type === 'stop') process.exit(0);
});
toParent({ type: 'ready' });
