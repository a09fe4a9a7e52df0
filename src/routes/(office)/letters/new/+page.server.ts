import { randomUUID } from 'node:crypto';
import { error, fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { letterFeedbackClock } from '$lib/domain/clocks.ts';
import { addDays, localDate } from '$lib/domain/deadlines.ts';
import type { LetterRules } from '$lib/domain/letter-rules.ts';
import { LADDER_REASON_MIN, ladderGaps, manualProposal, proposeLetters, type EvidenceKind, type Proposal } from '$lib/domain/letter-proposals.ts';
import { LETTER_KINDS, letterKinds, type LetterKind } from '$lib/domain/letter-rules.ts';
import { formatLetterNumber } from '$lib/domain/letters.ts';
import { loadClockConfig } from '$lib/server/clocks/config.ts';
import { IssueRefused } from '$lib/server/letters/issue.ts';
import { draftFor } from '$lib/server/letters/draft.ts';
import { earlierLetters, flaggedItems } from '$lib/server/letters/proposals.ts';
import { openLetters } from '$lib/server/letters/queries.ts';
import type { LetterDocument } from '$lib/server/letters/render/document.ts';
import { unprintableText } from '$lib/server/letters/render/letter-pdf.ts';
import { letterPreview } from '$lib/server/letters/preview.ts';
import { letterRenderer } from '$lib/server/letters/renderer.ts';
import { issueAndPrint, noticeTargets } from '$lib/server/letters/service.ts';
import { runtime } from '$lib/server/runtime.ts';
import { readForm } from '$lib/validation.ts';
import { readLetterForm, type LetterFormData } from './form.ts';

type User = NonNullable<App.Locals['user']>;

/** The proposal for chosen items (the rules' own, or one started by hand with the chosen kind). */
async function proposalFor(user: User, ids: string[], kind: LetterKind | null, now: Date) {
	const { sql } = runtime();
	const config = await loadClockConfig(sql);
	const items = await flaggedItems(sql, user, ids, now);
	if (items.length !== ids.length) return { error: '所选信访事项有的不存在或不在您的辖区内', config } as const;
	const earlier = await earlierLetters(sql, [...new Set(items.map((i) => i.unitId).filter((u): u is number => u !== null))]);
	const rules = { letters: config.rules.letters, groupThreshold: config.rules.groupThreshold, groupWarning: config.rules.groupWarning };
	const proposed = kind ? null : proposeLetters(items, earlier, now, rules).find((p) => p.itemIds.length === items.length);
	const proposal = proposed ?? manualProposal(kind ?? proposeLetters(items, earlier, now, rules)[0]?.kind ?? 'supervise', items, earlier, now, rules);
	if ('error' in proposal) return { error: proposal.error, config } as const;
	// the ladder: a 问责建议函 on items that never had a 督办函 asks for a stated reason
	return { proposal, config, ladderGaps: ladderGaps(proposal.kind, items, earlier, rules.letters) } as const;
}

/** The letter as it will print (文号 still open): the one draft, as the issued letter will be made. */
async function draft(user: User, proposal: Proposal, form: Partial<Pick<LetterFormData, 'reason' | 'cc'>> & { feedbackDue: string }, now: Date, rules: LetterRules): Promise<LetterDocument> {
	const { sql } = runtime();
	const content = await draftFor(sql, { scope: user.scope, kind: proposal.kind, unitId: proposal.recipientUnitId, itemIds: proposal.itemIds, evidence: proposal.evidence, reason: form.reason, cc: form.cc, feedbackDue: form.feedbackDue, now, rules });
	const code = rules.officeCodes[user.scope] ?? '（未配置机关代字）';
	const year = Number(localDate(now).slice(0, 4));
	const number = /^\p{Script=Han}+$/u.test(code) ? formatLetterNumber({ officeCode: code, kind: proposal.kind, year, number: 1 }, rules.abbreviations).replace(/〕1号$/, '〕　号') : code;
	return { ...content, number, issuedOn: localDate(now) };
}

const preview = async (...args: Parameters<typeof draft>) => letterPreview(letterRenderer(runtime().config.dataDir), await draft(...args));

const PAGE_SIZE = 50;

/** The rules a proposal can rest on, as the list's filter names them. */
const RULE_LABELS: Record<EvidenceKind, string> = {
	overdue: '逾期未办结',
	stalled: '长期无进展',
	serious_overdue: '严重逾期',
	ignored_letter: '函件逾期未反馈',
	repeat: '重复信访',
	skip_level: '越级上访',
	upward: '信访上行',
	group: '群体访',
	sensitive: '敏感时期'
};

/** The list's filters: kind, unit (name contains), page. */
function listQuery(url: URL) {
	const kind = url.searchParams.get('kind');
	if (kind && !(LETTER_KINDS as string[]).includes(kind)) error(400, '函件种类参数无效（参数 kind）');
	const page = Number(url.searchParams.get('page') ?? '1');
	if (!Number.isInteger(page) || page < 1 || page > 10000) error(400, '页码无效（参数 page）');
	const unit = (url.searchParams.get('unit') ?? '').trim().slice(0, 40);
	const rule = url.searchParams.get('rule');
	if (rule && !(rule in RULE_LABELS)) error(400, '规则参数无效（参数 rule）');
	return { kind: (kind as LetterKind) || null, page, unit, rule: (rule as EvidenceKind) || null };
}

function chosen(url: URL): { ids: string[]; kind: LetterKind | null } {
	const raw = url.searchParams.get('items') ?? url.searchParams.get('item') ?? '';
	if (raw && !/^([1-9][0-9]{0,15})(,[1-9][0-9]{0,15})*$/.test(raw)) error(400, '事项参数应为以逗号分隔的正整数（参数 items）');
	const kind = url.searchParams.get('kind');
	if (kind && !(LETTER_KINDS as string[]).includes(kind)) error(400, '函件种类参数无效（参数 kind）');
	return { ids: raw ? [...new Set(raw.split(','))].slice(0, 200) : [], kind: (kind as LetterKind) || null };
}

/** 拟制函件: the rules' proposal for the chosen items pre-filled, or every proposal in scope to choose from. */
export async function load({ locals, url }) {
	const user = locals.user!;
	if (!can(user, 'letters.issue')) error(403, '您的账号无权签发函件');
	const now = new Date();
	const { ids, kind } = chosen(url);
	const { sql } = runtime();
	if (ids.length === 0) {
		const config = await loadClockConfig(sql);
		const all = proposeLetters(await flaggedItems(sql, user, null, now), await earlierLetters(sql, null), now, { letters: config.rules.letters, groupThreshold: config.rules.groupThreshold, groupWarning: config.rules.groupWarning });
		const q = listQuery(url);
		const counts = Object.fromEntries(LETTER_KINDS.map((k) => [k, all.filter((p) => p.kind === k).length])) as Record<LetterKind, number>;
		const matching = all.filter((p) => (!q.kind || p.kind === q.kind) && (!q.unit || p.recipientName.includes(q.unit)) && (!q.rule || p.evidence.some((e) => e.kind === q.rule)));
		const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
		return { mode: 'list' as const, proposals: matching.slice((q.page - 1) * PAGE_SIZE, q.page * PAGE_SIZE), total: all.length, matching: matching.length, counts, query: q, pages, kinds: letterKinds, rules: RULE_LABELS };
	}
	const found = await proposalFor(user, ids, kind, now);
	if ('error' in found) return { mode: 'error' as const, message: found.error, kinds: letterKinds };
	const { proposal, config, ladderGaps: gaps } = found;
	const feedbackDue = letterFeedbackClock({ issuedAt: now, repliedAt: null }, now, config).due!;
	const doc = await draft(user, proposal, { feedbackDue }, now, config.rules.letters);
	const form = { reason: doc.reason, feedbackDue, cc: doc.cc };
	const open = await openLetters(sql, proposal.recipientUnitId);
	return {
		mode: 'form' as const,
		proposal,
		recipient: doc.recipient,
		title: doc.title,
		form,
		open,
		ladder: { gaps, min: LADDER_REASON_MIN },
		key: randomUUID(),
		kinds: letterKinds,
		preview: await letterPreview(letterRenderer(runtime().config.dataDir), doc)
	};
}

async function readIssue(locals: App.Locals, request: Request) {
	const user = locals.user;
	if (!user || !can(user, 'letters.issue')) return { refusal: fail(user ? 403 : 401, { field: '', message: '您的账号无权签发函件' }) } as const;
	const body = await readForm(request);
	if (!body.ok) return { refusal: fail(body.status, { field: body.field, message: body.message }) } as const;
	const form = readLetterForm(body.data);
	if (!form.ok) return { refusal: fail(400, { field: form.field, message: form.message }) } as const;
	const now = new Date();
	const today = localDate(now);
	if (form.data.feedbackDue <= today || form.data.feedbackDue > addDays(today, 365))
		return { refusal: fail(400, { field: 'feedbackDue', message: '反馈期限应在今天之后、一年以内' }) } as const;
	const found = await proposalFor(user, form.data.items, form.data.kind, now);
	if ('error' in found) return { refusal: fail(404, { field: 'items', message: found.error }) } as const;
	return { user, form: form.data, proposal: found.proposal, config: found.config, now } as const;
}

/**
 * Characters none of the letter's fonts has are refused before a 文号 is taken: the record copy
 * must print every one. Names the field to change (the reason, 抄送, else the items' summaries).
 */
function unprintable(renderer: ReturnType<typeof letterRenderer>, doc: LetterDocument, fallbackOk: boolean) {
	const fields = [
		['reason', '事由', doc.reason],
		['cc', '抄送', doc.cc],
		['items', '事项摘要或单位名称', [doc.officeName, doc.title, doc.recipient, ...doc.items.map((i) => `${i.serial}${i.unitName}${i.summary}`)].join('')]
	] as const;
	for (const [field, label, text] of fields) {
		const missing = unprintableText(renderer, label, text);
		if (missing) return { field, message: missing.message };
		let fallback: string[];
		try {
			fallback = renderer.fallbackGlyphs(text);
		} catch {
			return null; // no letter fonts on this node: issuing goes on, printing reports it
		}
		// a name never changes face silently: staff confirm the 宋体 (明体) fallback for these characters
		if (fallback.length && !fallbackOk)
			return { field, fallback, message: `${label}中的“${fallback.join('、')}”仿宋字体没有，将以宋体（明体）印出。请核对后勾选确认，再签发` };
	}
	return null;
}

export const actions = {
	/** 预览: the document as it will print, with the edited reason and deadline (nothing is written). */
	preview: async ({ locals, request }) => {
		const p = await readIssue(locals, request);
		if ('refusal' in p) return p.refusal;
		return { field: '', message: '预览已更新', preview: await preview(p.user, p.proposal, p.form, p.now, p.config.rules.letters) };
	},
	/** 签发: one transaction, then the PDF; a double click or a retry lands on the same letter. */
	issue: async ({ locals, request, getClientAddress }) => {
		const p = await readIssue(locals, request);
		if ('refusal' in p) return p.refusal;
		const { sql, config } = runtime();
		const refused = unprintable(letterRenderer(config.dataDir), await draft(p.user, p.proposal, p.form, p.now, p.config.rules.letters), p.form.fallbackOk === '1');
		if (refused) return fail(400, refused);
		let issued;
		try {
			issued = await issueAndPrint(sql, letterRenderer(config.dataDir), {
				kind: p.form.kind,
				recipientUnitId: p.proposal.recipientUnitId,
				itemIds: p.proposal.itemIds,
				reason: p.form.reason,
				feedbackDue: p.form.feedbackDue,
				cc: p.form.cc ?? '',
				evidence: p.proposal.evidence,
				follows: p.proposal.follows,
				ladderReason: p.form.ladderReason,
				idempotencyKey: p.form.key
			}, { user: p.user, rules: p.config.rules.letters, now: p.now, ip: getClientAddress(), notices: noticeTargets(config) });
		} catch (e) {
			if (e instanceof IssueRefused) return fail(e.status, { field: e.field, message: e.message, existing: e.existing });
			throw e;
		}
		redirect(303, `/letters/${issued.id}?issued=${issued.created ? 1 : 0}`);
	}
};
