import { localDate, startOfLocalDay } from '../../domain/deadlines.ts';
import type { Sql } from '../db/connection.ts';

/** Namespace of the two-key advisory locks intake takes (keys: this, then a hash). */
export const INTAKE_LOCK = 5005;

export type SerialAllocator = (tx: Sql, region: string, receivedAt: Date) => Promise<string>;

/**
 * 信访件编号 `370102-20261120-000017`: county, local receipt day, the day's next number there.
 * Writers of the same county and day queue on an advisory lock held to the end of their
 * transaction, so two registrations never take the same number. One allocator per transaction:
 * it remembers the numbers it gave, so a ledger of many rows asks the database once per day.
 */
export function serialAllocator(): SerialAllocator {
	const last = new Map<string, number>();
	return async (tx, region, receivedAt) => {
		const day = localDate(receivedAt);
		const prefix = `${region}-${day.replaceAll('-', '')}-`;
		let number = last.get(prefix);
		if (number === undefined) {
			await tx`select pg_advisory_xact_lock(${INTAKE_LOCK}, hashtext(${prefix}))`;
			const start = startOfLocalDay(day);
			// the same window the simulator reads: serials of the day sit on items received that day
			const [row] = await tx<{ top: number }[]>`
				select coalesce(max(right(serial, 6)::int), 0) as top from petition_item
				 where region = ${region} and received_at >= ${start}::timestamptz - interval '1 day'
				   and received_at < ${start}::timestamptz + interval '2 days' and serial like ${prefix + '%'}`;
			number = row.top;
		}
		number += 1;
		if (number > 999_999) throw new Error(`${prefix} 当日编号已用尽`);
		last.set(prefix, number);
		return prefix + String(number).padStart(6, '0');
	};
}
