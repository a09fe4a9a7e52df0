import type { LetterKind } from '../../domain/letter-rules.ts';
import type { Sql } from '../db/connection.ts';

/**
 * The next 文号 serial of an office, kind and year, inside the issuing transaction. The counter
 * row is locked FOR UPDATE until that transaction ends, so concurrent issues queue on it; a
 * transaction that rolls back rolls its increment back, so serials stay gap-free.
 */
export async function nextSerial(tx: Sql, officeCode: string, kind: LetterKind, year: number): Promise<number> {
	await tx`insert into letter_serial (office_code, kind, year, last) values (${officeCode}, ${kind}, ${year}, 0) on conflict do nothing`;
	const [row] = await tx<{ last: number }[]>`
		select last from letter_serial where office_code = ${officeCode} and kind = ${kind} and year = ${year} for update`;
	const next = row.last + 1;
	await tx`update letter_serial set last = ${next} where office_code = ${officeCode} and kind = ${kind} and year = ${year}`;
	return next;
}
