/**
 * Where a 公文 title may break (GB/T 9704-2012 7.3.1: 回行时，要做到词意完整): the title cut into
 * phrases that must each stay whole on a line, as a pure function of its text. A line may end
 * only between two phrases; a phrase wider than a whole line (rare: a very long unit name) is
 * the only thing the line breaker may cut inside.
 *
 * - A 三函 title (letter-draft.ts: 关于[对]〈单位〉… 的〈函种〉): 关于 / 关于对, then the unit name cut
 *   into its places (省, 自治区, 自治州, 市, 盟, 地区, 区, 县, 旗 …) and the organ itself, then the
 *   kind's fixed words (信访事项 / 办理情况的 / 督办函 …).
 * - Any other title: before 关于, 信访, 涉及, 有关 and a bracket （, after 的.
 */
const KIND_TAILS: readonly string[][] = [
	['信访事项', '办理情况的', '督办函'],
	['信访事项', '风险防范化解的', '风险提醒函'],
	['有关责任人员', '予以问责的', '问责建议函']
];

/** Administrative levels a place's name ends in. */
const LEVEL = /特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|盟|县|区|旗/gu;

/** The place at the head of a unit's name: the shortest run of two or more characters ending in a level (济南市, then 市中区). */
function leadingPlace(rest: string): string | null {
	for (const m of rest.matchAll(LEVEL)) if (m.index + m[0].length >= 2) return rest.slice(0, m.index + m[0].length);
	return null;
}
/** Words of an organ: a run holding one is not a place (济南市|公安局历下区分局 is one organ). */
const ORGAN = /[局委院厅办部会所处署站队庭校司行社]|中心|公司|政府|集团/u;

/** A unit's name as its places and its organ: 济南市 / 历下区 / 人力资源和社会保障局. */
export function unitPhrases(name: string): string[] {
	const out: string[] = [];
	let rest = name;
	for (;;) {
		const place = leadingPlace(rest);
		if (!place || ORGAN.test(place) || Array.from(rest).length - Array.from(place).length < 2) break;
		out.push(place);
		rest = rest.slice(place.length);
	}
	return rest ? [...out, rest] : out;
}

const GENERIC_BEFORE = /^(关于|信访|涉及|有关|（)/u;

/** The title's phrases, in order; they join back to the title exactly. */
export function titlePhrases(title: string): string[] {
	for (const tail of KIND_TAILS) {
		const end = tail.join('');
		const lead = title.startsWith('关于对') ? '关于对' : title.startsWith('关于') ? '关于' : null;
		if (!lead || !title.endsWith(end) || title.length <= lead.length + end.length) continue;
		return [lead, ...unitPhrases(title.slice(lead.length, title.length - end.length)), ...tail];
	}
	const chars = Array.from(title);
	const phrases: string[] = [];
	let current = '';
	chars.forEach((c, i) => {
		const rest = chars.slice(i).join('');
		if (current && (GENERIC_BEFORE.test(rest) || current.endsWith('的'))) {
			phrases.push(current);
			current = '';
		}
		current += c;
	});
	return current ? [...phrases, current] : phrases;
}

/** The character offsets (in code points) where a line of the title may end. */
export function titleBreaks(title: string): Set<number> {
	const out = new Set<number>();
	let at = 0;
	for (const p of titlePhrases(title).slice(0, -1)) out.add((at += Array.from(p).length));
	return out;
}
