import { existsSync } from 'node:fs';
import path from 'node:path';
import { localDate } from '../../domain/deadlines.ts';
import type { Inputs } from '../../domain/lifecycle.ts';
import { docBody, docKindOf, docRecipient, docTextField, formatDocNumber, petitionerDocKinds, unitDocCode, type DocFacts, type PetitionerDocKind } from '../../domain/petitioner-docs.ts';
import type { Channel } from '../../domain/vocabulary.ts';
import type { Sql } from '../db/connection.ts';
import { unprintableText, type LetterPdfRenderer } from '../letters/render/letter-pdf.ts';
import { letterRenderer } from '../letters/renderer.ts';
import { convertedFile, LETTER_FONTS } from '../print/fonts.ts';
import { printFontsDir } from '../print/service.ts';
import { hasRuntime, runtime } from '../runtime.ts';

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

/** A body that issues documents: the 承办单位, or the 复查/复核机关 above it. */
type Organ = { id: number; name: string; sector: string; region: string; regionName: string; parentRegionName: string | null };

type ItemRow = { serial: string; receivedAt: Date; channel: Channel; summary: string; petitionerName: string | null; unitId: number | null; unitName: string | null; unitSector: string | null; unitRegion: string | null; unitRegionName: string | null; parentRegionName: string | null };

const organById = async (tx: Sql, id: number) =>
	(await tx<Organ[]>`
		select u.id, u.name, u.sector, u.region, r.name as "regionName", pr.name as "parentRegionName"
		  from unit u join region r on r.adcode = u.region left join region pr on pr.adcode = r.parent
		 where u.id = ${id}`)[0] ?? null;

/**
 * The 复查/复核机关 one level above a body (《信访条例》第三十四条、第三十五条: 上一级行政机关): its
 * counterpart of the same sector in the region above, else that region's 信访 body; when the
 * directory holds neither, the body itself (as the simulator picks its reviewers).
 */
async function organAbove(tx: Sql, organ: Organ): Promise<Organ> {
	const [row] = await tx<Organ[]>`
		select u.id, u.name, u.sector, u.region, r.name as "regionName", pr.name as "parentRegionName"
		  from region own join region r on r.adcode = own.parent join unit u on u.region = r.adcode
		  left join region pr on pr.adcode = r.parent
		 where own.adcode = ${organ.region} and (u.sector = ${organ.sector} or u.sector in ('信访', '信访局'))
		 order by (u.sector = ${organ.sector}) desc, u.id
		 limit 1`;
	return row ?? organ;
}

/** The item's latest document of a kind (the 处理意见书 a 复查 answers, the 复查意见书 a 复核 answers). */
const latestDocument = async (tx: Sql, itemId: string, kind: PetitionerDocKind) =>
	(await tx<{ unitId: number; officeName: string; number: string }[]>`
		select unit_id as "unitId", office_name as "officeName", number_text as number
		  from petitioner_document where item_id = ${itemId} and kind = ${kind} order by id desc limit 1`)[0] ?? null;

/** What a transition will issue, composed before anything is written (so it can still be refused). */
export type DocumentPlan = {
	kind: PetitionerDocKind;
	facts: DocFacts;
	issuer: Organ;
	/** the transition's own text in the document, with its form field */
	text: { field: string; label: string; value: string } | null;
};

/**
 * The petitioner's document a transition issues (受理 → 受理告知书, 不予受理 → 不予受理告知书,
 * 办结 → 信访处理意见书, 复查意见 → 复查意见书, 复核意见 → 复核意见书), as it will read; null for a
 * transition that issues none. Read before the transition writes, in its transaction.
 */
export async function planPetitionerDocument(tx: Sql, itemId: string, action: string, input: unknown, at: Date): Promise<DocumentPlan | null> {
	const kind = docKindOf(action);
	if (!kind) return null;
	const [item] = await tx<ItemRow[]>`
		select i.serial, i.received_at as "receivedAt", i.channel, i.summary, p.name as "petitionerName",
		       u.id as "unitId", u.name as "unitName", u.sector as "unitSector", u.region as "unitRegion",
		       ur.name as "unitRegionName", pr.name as "parentRegionName"
		  from petition_item i left join petitioner p on p.id = i.petitioner_id
		  left join unit u on u.id = i.unit_id left join region ur on ur.adcode = u.region left join region pr on pr.adcode = ur.parent
		 where i.id = ${itemId}`;
	if (!item?.unitId || !item.unitName || !item.unitRegionName || !item.unitRegion) return null;
	const unit: Organ = { id: item.unitId, name: item.unitName, sector: item.unitSector ?? '', region: item.unitRegion, regionName: item.unitRegionName, parentRegionName: item.parentRegionName };
	const reject = kind === 'reject' ? (input as Inputs['reject']) : null;
	const conclude = kind === 'opinion' ? (input as Inputs['conclude']) : null;
	const decided = kind === 'review' || kind === 'recheck' ? (input as Inputs['review-decide']) : null;
	let issuer = unit;
	let appeal: DocFacts['appeal'];
	if (kind === 'review' || kind === 'recheck') {
		// 复查: the body above the 承办单位; 复核: the body above the 复查机关
		const prior = await latestDocument(tx, itemId, kind === 'review' ? 'opinion' : 'review');
		const reviewer = kind === 'review' ? unit : ((prior && (await organById(tx, prior.unitId))) ?? (await organAbove(tx, unit)));
		issuer = await organAbove(tx, reviewer);
		const [request] = await tx<{ requestedAt: Date }[]>`select requested_at as "requestedAt" from appeal where item_id = ${itemId} and kind = ${kind}`;
		appeal = { priorOrgan: prior?.officeName ?? reviewer.name, priorNumber: prior?.number ?? null, requestedOn: request ? localDate(request.requestedAt) : null };
	}
	const facts: DocFacts = {
		kind,
		petitionerName: item.petitionerName,
		serial: item.serial,
		receivedOn: localDate(item.receivedAt),
		channel: item.channel,
		summary: item.summary,
		unitName: issuer.name,
		parentRegionName: issuer.parentRegionName,
		// 不予受理: dated the day the petitioner is told (告知日期); the others the day of the transition
		issuedOn: reject?.noticeOn ?? localDate(at),
		reason: reject?.reason,
		outcome: conclude?.outcome,
		decisionText: conclude?.text ?? decided?.text,
		appeal
	};
	const field = docTextField(action);
	const value = reject?.reason ?? conclude?.text ?? decided?.text;
	return { kind, facts, issuer, text: field && typeof value === 'string' ? { ...field, value } : null };
}

/** The node's letter printer, when its fonts are ready (never converted inside a transition's transaction). */
function readyRenderer(): LetterPdfRenderer | null {
	const dataDir = hasRuntime() ? runtime().config.dataDir : path.resolve(process.env.LIAOWANG_DATA_DIR || 'data');
	const dir = printFontsDir(dataDir);
	return LETTER_FONTS.every((f) => existsSync(path.join(dir, convertedFile(f)))) ? letterRenderer(dataDir) : null;
}

/**
 * A document that could never print is refused before it is numbered (the row is immutable): the
 * field whose characters none of the letter fonts has, the transition's own text first, named as
 * 三函 签发 names it. The matter's summary, which nobody can change at this step, is quoted without
 * such characters (an emoji in a 12345 complaint) rather than blocking the item. Returns the plan to
 * write; it is unchanged when this node has no letter fonts (issuing goes on, printing reports it).
 */
export function printableDocument(plan: DocumentPlan, renderer: Pick<LetterPdfRenderer, 'missingGlyphs'> | null = readyRenderer()): { ok: true; plan: DocumentPlan } | { ok: false; field: string; message: string } {
	if (!renderer) return { ok: true, plan };
	let missing: Set<string>;
	try {
		missing = new Set(renderer.missingGlyphs(plan.facts.summary));
	} catch {
		return { ok: true, plan };
	}
	const f: DocFacts = missing.size ? { ...plan.facts, summary: Array.from(plan.facts.summary).filter((c) => !missing.has(c)).join('') } : plan.facts;
	const fields: [string, string, string][] = [
		...(plan.text ? [[plan.text.field, plan.text.label, plan.text.value] as [string, string, string]] : []),
		['petitioner', '信访人姓名', f.petitionerName ?? ''],
		['unitId', '发文机关名称', [plan.issuer.name, f.appeal?.priorOrgan ?? ''].join('')],
		['id', '信访文书', [docRecipient(f), petitionerDocKinds[plan.kind].title, ...docBody(f)].join('')]
	];
	for (const [field, label, text] of fields) {
		const refused = unprintableText(renderer, label, text);
		if (refused) return { ok: false, field, message: `【信访文书须能印出】${refused.message}` };
	}
	return { ok: true, plan: { ...plan, facts: f } };
}

/**
 * Writes the planned document, in the transition's own transaction and after its write: numbered
 * (the issuer's 代字, the kind, the year of its date), with its text frozen in the row. Returns its 文号.
 */
export async function writePetitionerDocument(tx: Sql, itemId: string, eventId: string, plan: DocumentPlan): Promise<string> {
	const { kind, facts, issuer } = plan;
	const code = unitDocCode(issuer.regionName, issuer.name);
	const year = Number(facts.issuedOn.slice(0, 4));
	const serial = await nextDocSerial(tx, code, kind, year);
	const number = formatDocNumber(code, kind, year, serial);
	await tx`
		insert into petitioner_document (item_id, event_id, kind, unit_id, code, year, serial, number_text, office_name, title, recipient, body, issued_on)
		values (${itemId}, ${eventId}, ${kind}, ${issuer.id}, ${code}, ${year}, ${serial}, ${number}, ${issuer.name}, ${petitionerDocKinds[kind].title},
		        ${docRecipient(facts)}, ${docBody(facts)}, ${facts.issuedOn})`;
	return number;
}
