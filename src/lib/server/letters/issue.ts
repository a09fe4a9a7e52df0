import type { Principal } from '../../domain/access.ts';
import { ccNamesIssuer, issuingOfficeName, letterTitle } from '../../domain/letter-draft.ts';
import { letterKinds, type LetterKind, type LetterRules } from '../../domain/letter-rules.ts';
import { ladderGaps, ladderRefusal, type Evidence } from '../../domain/letter-proposals.ts';
import { formatLetterNumber } from '../../domain/letters.ts';
import { addDays, localDate } from '../../domain/deadlines.ts';
import { audit } from '../auth/audit.ts';
import { transaction, type Sql } from '../db/connection.ts';
import { authorityFor } from './draft.ts';
import { nextSerial } from './serials.ts';
import { queueNotices, type NoticeTargets } from './notify/queue.ts';

/** What staff confirm on the issuing page. */
export type IssueRequest = {
	kind: LetterKind;
	recipientUnitId: number;
	itemIds: string[];
	reason: string;
	feedbackDue: string;
	cc: string;
	evidence: Evidence[];
	/** the earlier letters this one follows up (escalation) */
	follows: number[];
	/** a 问责建议函 on items that never had a 督办函: why the ladder's step is skipped */
	ladderReason?: string;
	/** one per intent: the page's hidden field, so a double click or a retry issues one letter */
	idempotencyKey: string;
};

export type Issued = { id: number; number: string; created: boolean };
/** A refusal the issuing page shows beside the field at fault. */
export class IssueRefused extends Error {
	readonly field: string;
	readonly status: number;
	/** the letter already open for the same intent, to link to */
	readonly existing: { id: number; number: string } | null;
	constructor(field: string, message: string, status = 400, existing: { id: number; number: string } | null = null) {
		super(message);
		this.field = field;
		this.status = status;
		this.existing = existing;
	}
}

/** Namespace of the advisory lock on an idempotency key (second key: its hash). */
const INTENT_LOCK = 7007;

type Context = { user: Principal & { displayName: string }; rules: LetterRules; now: Date; ip?: string | null; notices?: NoticeTargets };

/**
 * Issues one letter in one transaction: the gap-free 文号, the letter, its items, its first
 * event, the audit entry and the notices (to the receiving unit: a 问责建议函's authority, else the
 * unit concerned); the capture trigger adds the outbox event, so the receiving unit's inbox, the
 * copied unit's and the wall hear of it on commit. The same idempotency key always answers
 * with the same letter (created: false after the first).
 */
export async function issueLetter(sql: Sql, request: IssueRequest, context: Context): Promise<Issued> {
	const { user, rules, now } = context;
	return transaction(sql, async (tx) => {
		await tx`select pg_advisory_xact_lock(${INTENT_LOCK}, hashtext(${request.idempotencyKey}))`;
		const [done] = await tx<{ id: number; number: string; issuedBy: number }[]>`
			select id, number_text as number, issued_by as "issuedBy" from supervision_letter where idempotency_key = ${request.idempotencyKey}`;
		if (done) {
			if (done.issuedBy !== user.userId) throw new IssueRefused('idempotencyKey', '该请求编号已被他人使用，请刷新页面后重试', 409);
			return { id: done.id, number: done.number, created: false };
		}
		const officeCode = rules.officeCodes[user.scope];
		if (!officeCode) throw new IssueRefused('kind', `本机关（${user.scope}）尚未在规则表中配置机关代字，不能发函`, 409);
		const [office] = await tx<{ name: string }[]>`select name from region where adcode = ${user.scope}`;
		const [unit] = await tx<{ id: number; name: string; regionName: string }[]>`
			select u.id, u.name, r.name as "regionName" from unit u join region r on r.adcode = u.region
			 where u.id = ${request.recipientUnitId} and ${user.scope} = any(r.path)`;
		if (!unit) throw new IssueRefused('recipientUnitId', '主送单位不存在或不在本机关辖区内', 404);
		const items = await tx<{ id: string; unitId: number | null }[]>`
			select i.id::text, i.unit_id as "unitId" from petition_item i join region r on r.adcode = i.region
			 where i.id = any(${request.itemIds}::bigint[]) and ${user.scope} = any(r.path)`;
		if (items.length !== request.itemIds.length) throw new IssueRefused('items', '所列信访事项有的不存在或不在本机关辖区内', 404);
		if (items.some((i) => i.unitId !== unit.id)) throw new IssueRefused('items', `所列信访事项须均由${unit.name}承办`);
		// one open letter per item and kind: a second issue of the same intent (Back, a second account) is refused
		await tx`select id from petition_item where id = any(${request.itemIds}::bigint[]) order by id for update`;
		const [open] = await tx<{ id: number; number: string; serial: string }[]>`
			select l.id, l.number_text as number, i.serial from supervision_letter l
			  join supervision_letter_item li on li.letter_id = l.id join petition_item i on i.id = li.item_id
			 where li.item_id = any(${request.itemIds}::bigint[]) and l.kind = ${request.kind} and l.status not in ('draft', 'closed', 'void')
			 order by l.id limit 1`;
		if (open) throw new IssueRefused('items', `${open.serial} 已有未办结的${letterKinds[request.kind]}${open.number}，不能重复签发`, 409, { id: open.id, number: open.number });
		// the ladder: a 问责建议函 on items that never had a 督办函 needs a stated reason (or rules that let it skip the step)
		const history = await tx<{ kind: LetterKind; status: string; itemIds: string[] }[]>`
			select l.kind, l.status, array_agg(li.item_id::text) as "itemIds" from supervision_letter l join supervision_letter_item li on li.letter_id = l.id
			 where li.item_id = any(${request.itemIds}::bigint[]) group by l.id`;
		const serials = await tx<{ id: string; serial: string }[]>`select id::text, serial from petition_item where id = any(${request.itemIds}::bigint[]) order by serial`;
		const gaps = ladderGaps(request.kind, serials, history as never, rules);
		const skipped = ladderRefusal(gaps, request.ladderReason);
		if (skipped) throw new IssueRefused('ladderReason', skipped);
		const ladderReason = gaps.length ? request.ladderReason!.trim() : null;
		const officeName = issuingOfficeName(office.name);
		// the issuer by its letterhead name or by its name in the unit directory (山东省人民政府信访局)
		const directory = await tx<{ name: string }[]>`select name from unit where region = ${user.scope} and sector = '信访'`;
		if (ccNamesIssuer(request.cc, office.name, directory.map((d) => d.name))) throw new IssueRefused('cc', `抄送不能是发文机关${officeName}本身`);
		let addressee: { id: number; name: string } | null = null;
		if (request.kind === 'accountability') {
			addressee = await authorityFor(tx, unit.id, rules);
			if (!addressee) throw new IssueRefused('kind', `单位名录中没有${unit.name}的纪检监察机关或组织人事部门，问责建议函无处主送，请先补充单位名录`, 409);
		}
		const today = localDate(now);
		if (request.feedbackDue <= today || request.feedbackDue > addDays(today, 365))
			throw new IssueRefused('feedbackDue', '反馈期限应在今天之后、一年以内');
		for (const id of request.follows) {
			const [earlier] = await tx`select 1 from supervision_letter where id = ${id} and recipient_unit_id = ${unit.id} and escalated_to is null for update`;
			if (!earlier) throw new IssueRefused('follows', '所跟进的函件不存在、不是发给该单位的，或已升级');
		}
		const year = Number(today.slice(0, 4));
		const serial = await nextSerial(tx, officeCode, request.kind, year);
		const number = formatLetterNumber({ officeCode, kind: request.kind, year, number: serial }, rules.abbreviations);
		const title = letterTitle(request.kind, unit.name);
		const [letter] = await tx<{ id: number }[]>`
			insert into supervision_letter (kind, office_code, year, number, number_text, idempotency_key, office_region, office_name, title,
			                                recipient_unit_id, addressee_unit_id, reason, feedback_due, cc, evidence, status, issued_at, issued_by, follows, ladder_reason)
			values (${request.kind}, ${officeCode}, ${year}, ${serial}, ${number}, ${request.idempotencyKey}, ${user.scope}, ${officeName},
			        ${title}, ${unit.id}, ${addressee?.id ?? null}, ${request.reason}, ${request.feedbackDue}, ${request.cc}, ${tx.json(request.evidence as never)},
			        'issued', ${now}, ${user.userId}, ${request.follows[0] ?? null}, ${ladderReason})
			returning id`;
		await tx`insert into supervision_letter_item (letter_id, item_id) select ${letter.id}, unnest(${request.itemIds}::bigint[])`;
		if (request.follows.length) await tx`update supervision_letter set escalated_to = ${letter.id} where id = any(${request.follows}::int[])`;
		await tx`insert into letter_event (letter_id, at, from_status, to_status, actor, note) values (${letter.id}, ${now}, 'draft', 'issued', ${user.displayName}, ${number})`;
		await audit(tx, { userId: user.userId, username: user.username, action: 'letter.issue', target: number, detail: { letterId: letter.id, kind: request.kind, unitId: unit.id, items: request.itemIds.length, ...(ladderReason ? { ladderSkipped: gaps, ladderReason } : {}) }, ip: context.ip });
		// the notices go to the unit that receives the letter: a 问责建议函's authority (the unit concerned
		// then hears of its copy), else the unit concerned
		const receiver = addressee ?? unit;
		const copy = addressee ? { unitId: unit.id, unitName: unit.name } : undefined;
		await queueNotices(tx, { id: letter.id, number, title, unitId: receiver.id, unitName: receiver.name, feedbackDue: request.feedbackDue, kind: request.kind }, context.notices ?? {}, copy);
		return { id: letter.id, number, created: true };
	});
}
