/**
 * The petitioner's documents (受理告知书 / 不予受理告知书 / 信访处理意见书 / 复查意见书 / 复核意见书), pure: which transition
 * issues which, the issuing unit's 代字, the 文号, and what each says under 《信访条例》 (2005).
 * They go to the petitioner, so the name is printed in full; the wall never shows them.
 */
import { chineseDate } from './chinese-date.ts';
import { outcomes, type Outcome } from './lifecycle-table.ts';
import { channels, type Channel } from './vocabulary.ts';

export const petitionerDocKinds = {
	accept: { title: '信访事项受理告知书', abbreviation: '受告' },
	reject: { title: '信访事项不予受理告知书', abbreviation: '不受告' },
	opinion: { title: '信访事项处理意见书', abbreviation: '处意' },
	review: { title: '信访事项复查意见书', abbreviation: '复查' },
	recheck: { title: '信访事项复核意见书', abbreviation: '复核' }
} as const;
export type PetitionerDocKind = keyof typeof petitionerDocKinds;

/** The transition that issues each document; other transitions issue none. */
const byAction: Record<string, PetitionerDocKind> = { accept: 'accept', reject: 'reject', conclude: 'opinion', 'review-decide': 'review', 'recheck-decide': 'recheck' };

/** The transition's input that lands in its document, named as the form names it (checked for printable characters). */
const textByAction: Record<string, { field: string; label: string }> = {
	reject: { field: 'reason', label: '不予受理理由' },
	conclude: { field: 'text', label: '处理意见' },
	'review-decide': { field: 'text', label: '复查意见' },
	'recheck-decide': { field: 'text', label: '复核意见' }
};
export const docTextField = (action: string): { field: string; label: string } | null => (Object.hasOwn(textByAction, action) ? textByAction[action] : null);
export const docKindOf = (action: string): PetitionerDocKind | null => (Object.hasOwn(byAction, action) ? byAction[action] : null);

const han = (s: string) => Array.from(s).filter((c) => /\p{Script=Han}/u.test(c)).join('');

/** 历下区 → 历下, 济南市 → 济南; a two-character name (章丘区 is three) keeps its suffix only when nothing else is left. */
export const regionShort = (name: string) => {
	const h = han(name);
	return Array.from(h).length > 2 ? h.replace(/(省|市|区|县|自治县|自治州)$/u, '') : h;
};

/**
 * The unit's 机关代字: the region's short name and the unit's name without that region and without
 * its last 局/厅/委员会/委/办公室/办/中心/所: 历下区 + 历下区人社局 → 历下人社; the 信访局 is the region
 * alone (历下). At most 10 characters.
 */
export function unitDocCode(regionName: string, unitName: string): string {
	const region = regionShort(regionName);
	let rest = han(unitName);
	// everything up to the region's name goes: 济南市历下区信访局 and 历下区信访局 alike
	for (const name of [han(regionName), region]) {
		const at = name ? rest.indexOf(name) : -1;
		if (at >= 0) {
			rest = rest.slice(at + name.length);
			break;
		}
	}
	rest = rest.replace(/(委员会|办公室|局|厅|委|办|中心|所)$/u, '') || rest;
	// the 信访局 itself: the region alone, since 信 follows (历下区信访局 → 历下, 文号 历下信受告〔2026〕3号)
	if (rest === '信访' && region) rest = '';
	return Array.from(region + rest).slice(0, 10).join('') || '信访';
}

/** 代字 + 信 + kind + 〔year〕 + n + 号: 历下人社信受告〔2026〕3号, 济南人社信复查〔2026〕1号 (GB/T 9704 7.2.3: 六角括号, no leading zero, no 第). */
export function formatDocNumber(code: string, kind: PetitionerDocKind, year: number, n: number): string {
	if (!/^\p{Script=Han}{1,10}$/u.test(code)) throw new RangeError(`机关代字无效：${code}`);
	if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`序号无效：${n}`);
	return `${code}信${petitionerDocKinds[kind].abbreviation}〔${year}〕${n}号`;
}

/** What the document is written from: the item, the issuing unit and the transition's own inputs. */
export type DocFacts = {
	kind: PetitionerDocKind;
	petitionerName: string | null;
	serial: string;
	receivedOn: string;
	channel: Channel;
	summary: string;
	/** the issuer: the 承办单位, or for a 复查/复核意见书 the 复查/复核机关 */
	unitName: string;
	/** the region above the issuer's, whose government hears a 复查 (after a 处理意见书) or a 复核 (after a 复查意见书) */
	parentRegionName: string | null;
	issuedOn: string;
	reason?: string;
	outcome?: Outcome;
	decisionText?: string;
	/** 复查/复核意见书: the opinion appealed against (its organ and 文号, if one was issued) and the day the petitioner asked */
	appeal?: { priorOrgan: string; priorNumber: string | null; requestedOn: string | null };
};

const matter = (f: DocFacts) => {
	const s = Array.from(f.summary.trim().replace(/\s+/g, ' '));
	return `您于${chineseDate(f.receivedOn)}以${channels[f.channel]}方式提出的“${s.length > 60 ? `${s.slice(0, 60).join('')}……` : s.join('')}”信访事项（编号${f.serial}）`;
};

/** The channel the petitioner should use instead, read from the refusal's reason (第十五条). */
export function otherChannel(reason: string): string {
	if (/仲裁/.test(reason)) return '请依法向劳动人事争议仲裁委员会等仲裁机构申请仲裁';
	if (/复议/.test(reason)) return '请依法向有权的行政复议机关申请行政复议';
	if (/诉讼|起诉|法院|判决|裁定/.test(reason)) return '请依法向人民法院提起诉讼或通过其他司法途径解决';
	if (/纪|党员|监察/.test(reason)) return '请向有管辖权的纪检监察机关反映';
	return '请向依法有权处理该事项的机关提出，或通过诉讼、行政复议、仲裁等法定途径解决';
}

/** 复查意见书 / 复核意见书: what is appealed and when, under 第三十四条 / 第三十五条. */
function appealed(f: DocFacts, kind: 'review' | 'recheck'): string {
	const a = f.appeal;
	const prior = kind === 'review' ? '信访事项处理意见书' : '信访事项复查意见书';
	const opinion = kind === 'review' ? '处理意见' : '复查意见';
	const ask = kind === 'review' ? '复查' : '复核';
	const organ = a?.priorOrgan || (kind === 'review' ? '原办理机关' : '复查机关');
	const issued = a?.priorNumber ? `${organ}已出具${prior}（${a.priorNumber}）` : `${organ}已作出${opinion}`;
	const asked = a?.requestedOn ? `于${chineseDate(a.requestedOn)}请求${ask}` : `请求${ask}`;
	const law = kind === 'review' ? '第三十四条' : '第三十五条';
	return `${matter(f)}，${issued}。您不服该${opinion}，${asked}。本机关依据《信访条例》${law}的规定进行了${ask}，现将${ask}意见答复如下：`;
}

const paragraphs = (text: string | undefined) => (text ?? '').split(/\r?\n/).map((p) => p.trim()).filter(Boolean);

/** The body's paragraphs (the closing formula last). */
export function docBody(f: DocFacts): string[] {
	if (f.kind === 'review') {
		const rechecker = f.parentRegionName ? `${f.parentRegionName}人民政府或者其有关工作部门` : '本机关的上一级行政机关';
		return [
			appealed(f, 'review'),
			...paragraphs(f.decisionText),
			`如对本复查意见不服，您可以依据《信访条例》第三十五条的规定，自收到本意见书之日起30日内，向${rechecker}（本机关的上一级行政机关）书面请求复核。`,
			'特此答复。'
		];
	}
	if (f.kind === 'recheck')
		return [
			appealed(f, 'recheck'),
			...paragraphs(f.decisionText),
			'本复核意见为终结意见。依据《信访条例》第三十五条的规定，您对本复核意见不服，仍然以同一事实和理由提出投诉请求的，各级人民政府信访工作机构和其他行政机关不再受理。',
			'特此答复。'
		];
	if (f.kind === 'accept')
		return [
			`${matter(f)}已收悉。经审查，该事项属于本机关职责范围，依据《信访条例》第二十二条的规定，决定予以受理。`,
			`本机关将依据《信访条例》第三十三条的规定，自受理之日起60日内办结并书面答复您；情况复杂的，经批准可以适当延长办理期限，延长期限不超过30日，并将延期理由告知您。`,
			'特此告知。'
		];
	if (f.kind === 'reject')
		return [
			`${matter(f)}已收悉。经审查，${(f.reason ?? '').trim().replace(/[。；;]$/u, '')}。依据《信访条例》第十五条、第二十二条的规定，本机关决定不予受理。`,
			`${otherChannel(f.reason ?? '')}。`,
			'特此告知。'
		];
	const outcome = f.outcome ? outcomes[f.outcome] : '';
	const reviewer = f.parentRegionName ? `${f.parentRegionName}人民政府或者其有关工作部门` : '本机关的上一级行政机关';
	return [
		`${matter(f)}，本机关已依法办理。经调查核实，现将处理意见答复如下：`,
		...paragraphs(f.decisionText),
		`依据《信访条例》第三十二条的规定，本机关对您的请求作出“${outcome}”的处理意见。`,
		`如对本处理意见不服，您可以依据《信访条例》第三十四条的规定，自收到本意见书之日起30日内，向${reviewer}（本机关的上一级行政机关）书面请求复查。`,
		'特此答复。'
	];
}

export const docRecipient = (f: DocFacts) => (f.petitionerName?.trim() || '信访人');
