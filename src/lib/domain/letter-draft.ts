/**
 * The one draft of a letter, pure: from the kind, the unit, its items, the evidence and the
 * earlier letters, what the letter says — 发文机关, title, 主送, 抄送, 事由 in 公文 prose and the
 * attachment's rows. The issuing page's preview, the issued PDF, the .docx and the register all
 * read it from here, so switching the kind changes all of them together.
 */
import { chineseDate } from './chinese-date.ts';
import { letterKinds, type LetterKind } from './letter-rules.ts';
import type { Evidence } from './letter-proposals.ts';

export { chineseDate } from './chinese-date.ts';

/** 发文机关 of an office, from its region's name: 山东省 → 山东省信访局. */
export const issuingOfficeName = (regionName: string) => `${regionName}信访局`;

/** 标题: 关于…的督办函 / 风险提醒函 / 问责建议函 (the kind is always the title's last words). */
export function letterTitle(kind: LetterKind, unitName: string): string {
	switch (kind) {
		case 'supervise':
			return `关于${unitName}信访事项办理情况的督办函`;
		case 'risk':
			return `关于${unitName}信访事项风险防范化解的风险提醒函`;
		case 'accountability':
			return `关于对${unitName}有关责任人员予以问责的问责建议函`;
	}
}

/** One row of the attachment table (编号, 收件日期, 事项摘要, 承办单位, 逾期天数): no personal data. */
export type AttachmentRow = { serial: string; receivedOn: string; summary: string; unitName: string; daysOverdue: number };

/** An earlier letter to the unit about these items (the 督办函 a 问责建议函 follows up). */
export type PriorLetter = { number: string; kind: LetterKind; title: string; issuedOn: string; feedbackDue: string; answered: boolean };

export type DraftInput = {
	kind: LetterKind;
	/** the issuing office's region name (山东省) */
	officeRegionName: string;
	/** the unit concerned; `localOffice`: the 信访局 of its region as the directory names it (else 〈region〉信访局) */
	unit: { name: string; regionName: string; localOffice?: string | null };
	/** 问责建议函: the body with authority to act (纪检监察机关, 组织人事部门 …); null: the unit itself */
	addressee: { name: string } | null;
	items: AttachmentRow[];
	evidence: Evidence[];
	prior: PriorLetter[];
	/** 事由 and 抄送 as staff left them (undefined: written by the draft) */
	reason?: string;
	cc?: string;
	feedbackDue: string;
	today: string;
};

export type LetterDraft = {
	kind: LetterKind;
	officeName: string;
	title: string;
	recipient: string;
	cc: string;
	reason: string;
	feedbackDue: string;
	items: AttachmentRow[];
};

const WORST = 3;
const worstItems = (items: AttachmentRow[]) => [...items].filter((i) => i.daysOverdue > 0).sort((a, b) => b.daysOverdue - a.daysOverdue || a.serial.localeCompare(b.serial)).slice(0, WORST);
const listOf = (parts: string[]) => (parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join('、')}和${parts.at(-1)}`);

function overdueSentence(items: AttachmentRow[]): string {
	const late = items.filter((i) => i.daysOverdue > 0);
	if (!late.length) return '';
	const worst = worstItems(items).map((i) => `${i.serial}号事项逾期${i.daysOverdue}天`);
	const head = late.length === items.length ? `均已超过法定办理期限` : `中${late.length}件已超过法定办理期限`;
	return `${head}，最长逾期${late.reduce((m, i) => Math.max(m, i.daysOverdue), 0)}天（${late.length > WORST ? '其中' : ''}${worst.join('，')}）`;
}

const RISKS: [Evidence['kind'], string][] = [
	['repeat', '重复信访'],
	['skip_level', '越级上访'],
	['group', '群体聚集']
];

function priorSentence(prior: PriorLetter[], today: string): string {
	const letters = prior.filter((p) => p.kind !== 'accountability');
	if (!letters.length) return '';
	const parts = letters.map((p) => `${chineseDate(p.issuedOn)}以《${p.title}》（${p.number}）${p.kind === 'risk' ? '提醒' : '督办'}，要求于${chineseDate(p.feedbackDue)}前反馈`);
	const late = letters.filter((p) => !p.answered && p.feedbackDue < today);
	return `我局已于${parts.join('；')}${late.length ? `，至今${late.length === letters.length ? '' : `仍有${late.length}份`}未按期反馈` : ''}。`;
}

/** 事由 in 公文 prose: what was found (counts and the worst items), the earlier letters, which rule, what is required. */
export function draftReason(input: Pick<DraftInput, 'kind' | 'unit' | 'items' | 'evidence' | 'prior' | 'today'>): string {
	const { kind, unit, items, evidence, prior, today } = input;
	const n = items.length;
	const overdue = overdueSentence(items);
	const stalled = evidence.filter((e) => e.kind === 'stalled').length;
	const found = `${overdue ? `，${overdue}` : ''}${stalled ? `；${stalled}件长期无办理进展` : ''}`;
	switch (kind) {
		case 'supervise':
			return `经督查，你单位承办的${n}件信访事项（详见附件）${found || '未按要求办理'}。${priorSentence(prior, today)}根据《信访工作条例》有关规定，请你单位高度重视，逐件落实办理责任，依法按期办结，并做好信访人的解释疏导工作。`;
		case 'risk': {
			const risks = RISKS.filter(([k]) => evidence.some((e) => e.kind === k)).map(([k, label]) => `${label}（${evidence.filter((e) => e.kind === k).length}件）`);
			const period = evidence.find((e) => e.kind === 'sensitive');
			return `经研判，你单位承办的${n}件信访事项（详见附件）存在${risks.length ? listOf(risks) : '矛盾激化'}的风险${found}。${period ? `${period.text}，` : ''}${priorSentence(prior, today)}根据《信访工作条例》有关规定，请你单位及时落实稳控和化解措施，主要负责同志亲自研究，防止矛盾激化升级。`;
		}
		case 'accountability':
			return `${unit.name}承办的${n}件信访事项（详见附件）长期未依法办结${found}。${priorSentence(prior, today)}根据《信访工作条例》有关规定，建议对${unit.name}有关责任人员依规依纪依法予以问责。`;
	}
}

/**
 * 抄送: never the issuing office. 督办函 and 风险提醒函 go to the unit's local 信访局 (when that is
 * not the issuer nor the unit); a 问责建议函 goes to its authority with the unit concerned copied.
 */
export function draftCc(input: Pick<DraftInput, 'kind' | 'unit' | 'addressee' | 'officeRegionName'>): string {
	const issuer = issuingOfficeName(input.officeRegionName);
	const recipient = input.addressee?.name ?? input.unit.name;
	// a unit of the issuer's own region has the issuer as its local 信访局 (under its directory name, perhaps)
	const local = input.unit.regionName === input.officeRegionName ? [] : [input.unit.localOffice ?? issuingOfficeName(input.unit.regionName)];
	const copies = input.kind === 'accountability' && input.addressee ? [input.unit.name, ...local] : local;
	// never the issuer, never the recipient itself (a letter to a 信访局 is not copied to it)
	return [...new Set(copies)].filter((c) => c !== issuer && c !== recipient && !recipient.endsWith(c) && !c.endsWith(recipient)).join('，');
}

/** Whether a 抄送 names the issuing office itself (refused: a letter is not copied to its sender). */
export const ccNamesIssuer = (cc: string, officeRegionName: string, directoryNames: readonly string[] = []) => {
	// a name as typed, without spaces and punctuation around it ('山东省信访局。' is the issuer too)
	const bare = (name: string) => name.replace(/[\s。．.：:“”"'‘’《》（）()]/g, '');
	const issuer = new Set([issuingOfficeName(officeRegionName), ...directoryNames].map(bare));
	return cc.split(/[，,、；;\s]+/).some((c) => c.trim() !== '' && issuer.has(bare(c)));
};

/** The letter's content, the one place every view of it comes from. */
export function draftLetter(input: DraftInput): LetterDraft {
	const addressee = input.kind === 'accountability' ? input.addressee : null;
	return {
		kind: input.kind,
		officeName: issuingOfficeName(input.officeRegionName),
		title: letterTitle(input.kind, input.unit.name),
		recipient: addressee?.name ?? input.unit.name,
		cc: input.cc ?? draftCc({ ...input, addressee }),
		reason: input.reason ?? draftReason(input),
		feedbackDue: input.feedbackDue,
		items: input.items
	};
}

export const kindName = (kind: LetterKind) => letterKinds[kind];
