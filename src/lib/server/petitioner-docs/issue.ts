import { localDate } from '../../domain/deadlines.ts';
import type { Inputs } from '../../domain/lifecycle.ts';
import { docBody, docKindOf, docRecipient, formatDocNumber, petitionerDocKinds, unitDocCode, type DocFacts, type PetitionerDocKind } from '../../domain/petitioner-docs.ts';
import type { Channel } from '../../domain/vocabulary.ts';
import type { Sql } from '../db/connection.ts';

/**
 * The next serial of a 代字, kind and year, inside the issuing transaction: the counter row is
 * locked FOR UPDATE until the transaction ends, so concurrent transitions queue on it, and a
 * rollback rolls the increment back: serials stay gap-free (as letters/serials.ts does for 三函).
 */
async function nextDocSerial(tx: Sql, code: string, kind: PetitionerDocKind, year: number): Promise<number> {
	const [row] = await tx<{ last: number }[]>`
		insert into petitioner_doc_serial (code, kind, year, last) values (${code}, ${kind}, ${year}, 1)
		on conflict (code, kind, year) do update set last = petitioner_doc_serial.last + 1
		returning last`;
	return row.last;
}

type ItemRow = { serial: string; receivedAt: Date; channel: Channel; summary: string; petitionerName: string | null; unitId: number | null; unitName: string | null; unitRegionName: string | null; parentRegionName: string | null };

/**
 * Writes the petitioner's document a transition issues (受理 → 受理告知书, 不予受理 → 不予受理告知书,
 * 办结 → 信访处理意见书), in the transition's own transaction and after its write: numbered, with
 * its text frozen in the row. Returns its 文号, or null for a transition that issues none.
 */
export async function issuePetitionerDocument(tx: Sql, itemId: string, eventId: string, action: string, input: unknown, at: Date): Promise<string | null> {
	const kind = docKindOf(action);
	if (!kind) return null;
	const [item] = await tx<ItemRow[]>`
		select i.serial, i.received_at as "receivedAt", i.channel, i.summary, p.name as "petitionerName",
		       u.id as "unitId", u.name as "unitName", ur.name as "unitRegionName", pr.name as "parentRegionName"
		  from petition_item i left join petitioner p on p.id = i.petitioner_id
		  left join unit u on u.id = i.unit_id left join region ur on ur.adcode = u.region left join region pr on pr.adcode = ur.parent
		 where i.id = ${itemId}`;
	if (!item?.unitId || !item.unitName || !item.unitRegionName) return null;
	const reject = kind === 'reject' ? (input as Inputs['reject']) : null;
	const conclude = kind === 'opinion' ? (input as Inputs['conclude']) : null;
	// 不予受理: dated the day the petitioner is told (告知日期); the others the day of the transition
	const issuedOn = reject?.noticeOn ?? localDate(at);
	const facts: DocFacts = {
		kind,
		petitionerName: item.petitionerName,
		serial: item.serial,
		receivedOn: localDate(item.receivedAt),
		channel: item.channel,
		summary: item.summary,
		unitName: item.unitName,
		parentRegionName: item.parentRegionName,
		issuedOn,
		reason: reject?.reason,
		outcome: conclude?.outcome,
		decisionText: conclude?.text
	};
	const code = unitDocCode(item.unitRegionName, item.unitName);
	const year = Number(issuedOn.slice(0, 4));
	const serial = await nextDocSerial(tx, code, kind, year);
	const number = formatDocNumber(code, kind, year, serial);
	await tx`
		insert into petitioner_document (item_id, event_id, kind, unit_id, code, year, serial, number_text, office_name, title, recipient, body, issued_on)
		values (${itemId}, ${eventId}, ${kind}, ${item.unitId}, ${code}, ${year}, ${serial}, ${number}, ${item.unitName}, ${petitionerDocKinds[kind].title},
		        ${docRecipient(facts)}, ${docBody(facts)}, ${issuedOn})`;
	return number;
}
