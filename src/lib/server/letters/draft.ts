import { redactSummary } from '../../domain/chinese-date.ts';
import { daysBetween, localDate } from '../../domain/deadlines.ts';
import { draftLetter, type AttachmentRow, type LetterDraft, type PriorLetter } from '../../domain/letter-draft.ts';
import type { Evidence } from '../../domain/letter-proposals.ts';
import { ACCOUNTABILITY_TO, type LetterKind, type LetterRules } from '../../domain/letter-rules.ts';
import type { Db } from '../db/connection.ts';

/**
 * What the one draft (domain/letter-draft.ts) reads from the database: the attachment's rows,
 * the body a 问责建议函 is addressed to, and the earlier letters on the same items.
 */
const SUMMARY_CHARS = 60;

/** The attachment rows of items, days overdue as of `on` (a local date); summaries without personal data. */
export async function attachmentRows(sql: Db, itemIds: string[], on: string): Promise<AttachmentRow[]> {
	const rows = await sql<{ serial: string; receivedOn: string; summary: string; unitName: string | null; light: string; clockDue: string | null; petitioner: string | null }[]>`
		select i.serial, (i.received_at at time zone 'Asia/Shanghai')::date::text as "receivedOn", i.summary, u.name as "unitName",
		       i.light, i.clock_due::text as "clockDue", p.name as petitioner
		  from petition_item i left join unit u on u.id = i.unit_id left join petitioner p on p.id = i.petitioner_id
		 where i.id = any(${itemIds}::bigint[]) order by i.serial`;
	return rows.map((r) => {
		const summary = Array.from(redactSummary(r.summary, r.petitioner ? [r.petitioner] : []));
		return {
			serial: r.serial,
			receivedOn: r.receivedOn,
			summary: summary.length > SUMMARY_CHARS ? `${summary.slice(0, SUMMARY_CHARS).join('')}…` : summary.join(''),
			unitName: r.unitName ?? '',
			daysOverdue: r.light === 'red' && r.clockDue ? Math.max(0, daysBetween(r.clockDue, on)) : 0
		};
	});
}

/**
 * The body with authority to act on a 问责建议函 about a unit: of the sectors the rules name (in
 * their order of preference), the one nearest the unit — its own region first, then up the
 * region path (a county with no 组织部 uses its city's). Null when the directory has none.
 */
export async function authorityFor(sql: Db, unitId: number, rules: Pick<LetterRules, 'accountabilityTo'>): Promise<{ id: number; name: string } | null> {
	const sectors = rules.accountabilityTo ?? ACCOUNTABILITY_TO;
	const [found] = await sql<{ id: number; name: string }[]>`
		select a.id, a.name
		  from unit u join region r on r.adcode = u.region
		  join unit a on a.region = any(r.path) and a.sector = any(${sectors}::text[]) and a.id <> u.id
		 where u.id = ${unitId}
		 order by array_position(r.path, a.region) desc, array_position(${sectors}::text[], a.sector), a.id
		 limit 1`;
	return found ?? null;
}

/** Earlier letters to the unit on any of these items, oldest first (the ladder the body recounts). */
export async function priorLetters(sql: Db, unitId: number, itemIds: string[], before?: number): Promise<PriorLetter[]> {
	return sql<PriorLetter[]>`
		select l.number_text as number, l.kind, l.title, (l.issued_at at time zone 'Asia/Shanghai')::date::text as "issuedOn",
		       l.feedback_due::text as "feedbackDue", l.replied_at is not null as answered
		  from supervision_letter l
		 where l.recipient_unit_id = ${unitId} and l.status not in ('draft', 'void') ${before ? sql`and l.id < ${before}` : sql``}
		   and exists (select 1 from supervision_letter_item li where li.letter_id = l.id and li.item_id = any(${itemIds}::bigint[]))
		 order by l.issued_at, l.id`;
}

/** The draft of a letter about items for one unit, as the issuing page shows it before the 文号 is taken. */
export async function draftFor(
	sql: Db,
	input: { scope: string; kind: LetterKind; unitId: number; itemIds: string[]; evidence: Evidence[]; reason?: string; cc?: string; feedbackDue: string; now: Date; rules: LetterRules }
): Promise<LetterDraft> {
	const today = localDate(input.now);
	const [office] = await sql<{ name: string }[]>`select name from region where adcode = ${input.scope}`;
	const [unit] = await sql<{ name: string; regionName: string; localOffice: string | null }[]>`
		select u.name, r.name as "regionName",
		       (select o.name from unit o where o.region = u.region and o.sector = '信访' order by o.id limit 1) as "localOffice"
		  from unit u join region r on r.adcode = u.region where u.id = ${input.unitId}`;
	return draftLetter({
		kind: input.kind,
		officeRegionName: office?.name ?? '',
		unit: unit ?? { name: `单位 ${input.unitId}`, regionName: '' },
		addressee: input.kind === 'accountability' ? await authorityFor(sql, input.unitId, input.rules) : null,
		items: await attachmentRows(sql, input.itemIds, today),
		evidence: input.evidence,
		prior: await priorLetters(sql, input.unitId, input.itemIds),
		reason: input.reason,
		cc: input.cc,
		feedbackDue: input.feedbackDue,
		today
	});
}
