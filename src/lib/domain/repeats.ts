/**
 * 重复信访: the same person raising the same matter again within a window. Several factors are
 * weighed (person, respondent, unit, category, text, place) and every decision says which matched.
 *
 * Rule: a later item repeats an earlier one when it comes within `repeatWindowDays`, the matched
 * weights reach `repeatMatch.threshold`, the person matches (when `requireSamePerson`), and the
 * matter is the same — shown by similar text or the same respondent (a category alone is too broad).
 */
import { daysBetween, localDate } from './deadlines.ts';
import { repeatFactors, type RepeatFactor, type Rules } from './rules.ts';
import { categories, type Category } from './vocabulary.ts';

/** What matching needs of an item; the petitioner only as a hash of the normalised identity. */
export type PetitionSignature = {
	id: string | number;
	receivedAt: Date;
	petitionerHash: string | null;
	/** 被反映人/单位 as registered (free text). */
	respondent: string | null;
	unitId: number | null;
	category: Category;
	summary: string;
	/** Adcode of the place the matter arises. */
	region: string;
};

export type MatchedFactor = { factor: RepeatFactor; label: string; detail: string };
export type RepeatMatch = { isRepeat: boolean; score: number; similarity: number; matched: MatchedFactor[]; reason: string };

/** Letters, digits and CJK only, lower-cased: punctuation and spacing do not make a matter different. */
export const normalizeText = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** Petition boilerplate that every summary shares; left in, it makes unrelated matters look alike. */
const BOILERPLATE = /信访人|反映|要求|请求|希望|恳请|问题|情况|督促|解决|处理|相关部门|有关部门|再次|多次|一直|至今/g;

function bigrams(s: string): Set<string> {
	// a removed phrase leaves a '|' so that no bigram spans the gap
	const chars = Array.from(normalizeText(s).replace(BOILERPLATE, '|'));
	const grams = new Set<string>();
	for (let i = 0; i < chars.length - 1; i++) if (chars[i] !== '|' && chars[i + 1] !== '|') grams.add(chars[i] + chars[i + 1]);
	if (grams.size === 0) for (const c of chars) if (c !== '|') grams.add(c); // one-character text
	return grams;
}

/** Jaccard similarity of character bigrams (works on Chinese without word segmentation), 0–1. */
export function textSimilarity(a: string, b: string): number {
	const x = bigrams(a);
	const y = bigrams(b);
	if (x.size === 0 || y.size === 0) return 0;
	let shared = 0;
	for (const g of x) if (y.has(g)) shared++;
	return shared / (x.size + y.size - shared);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Whether `later` repeats `earlier`, with the factors that matched and why. */
export function matchRepeat(later: PetitionSignature, earlier: PetitionSignature, rules: Pick<Rules, 'repeatWindowDays' | 'repeatMatch'>): RepeatMatch {
	const { weights, threshold, textSimilarity: minSimilarity, requireSamePerson } = rules.repeatMatch;
	const similarity = round2(textSimilarity(later.summary, earlier.summary));
	const days = daysBetween(localDate(earlier.receivedAt), localDate(later.receivedAt));
	const matched: MatchedFactor[] = [];
	const add = (factor: RepeatFactor, detail: string) => matched.push({ factor, label: repeatFactors[factor], detail });

	if (later.petitionerHash && later.petitionerHash === earlier.petitionerHash) add('person', '身份标识一致');
	const respondent = (s: string | null) => (s ? normalizeText(s) : '');
	if (respondent(later.respondent) && respondent(later.respondent) === respondent(earlier.respondent)) add('respondent', `均反映“${later.respondent}”`);
	if (later.unitId !== null && later.unitId === earlier.unitId) add('unit', '责任单位相同');
	if (later.category === earlier.category) add('category', `均为“${categories[later.category]}”`);
	if (similarity >= minSimilarity) add('text', `相似度 ${similarity.toFixed(2)}（阈值 ${minSimilarity}）`);
	if (later.region === earlier.region) add('region', `发生地均为 ${later.region}`);

	const score = round2(matched.reduce((sum, m) => sum + weights[m.factor], 0));
	const has = (f: RepeatFactor) => matched.some((m) => m.factor === f);
	const names = matched.map((m) => m.label).join('、') || '无';
	const refuse = (why: string): RepeatMatch => ({ isRepeat: false, score, similarity, matched, reason: `不认定重复：${why}（匹配：${names}）` });

	if (later.receivedAt.getTime() <= earlier.receivedAt.getTime()) return refuse('比对件不早于本件');
	if (days > rules.repeatWindowDays) return refuse(`相隔 ${days} 天，超出 ${rules.repeatWindowDays} 天比对时段`);
	if (requireSamePerson && !has('person')) return refuse('非同一信访人');
	if (!has('text') && !has('respondent')) return refuse('诉求内容不相似且被反映对象不同，不是同一事项');
	if (score < threshold) return refuse(`得分 ${score} 低于阈值 ${threshold}`);
	return { isRepeat: true, score, similarity, matched, reason: `认定重复信访：相隔 ${days} 天，${names}，得分 ${score}（阈值 ${threshold}）` };
}

/** The earlier item `item` most likely repeats (highest score among repeats), or null. */
export function findRepeat(
	item: PetitionSignature,
	earlier: PetitionSignature[],
	rules: Pick<Rules, 'repeatWindowDays' | 'repeatMatch'>
): (RepeatMatch & { earlierId: string | number }) | null {
	let best: (RepeatMatch & { earlierId: string | number }) | null = null;
	for (const candidate of earlier) {
		if (candidate.id === item.id) continue;
		const m = matchRepeat(item, candidate, rules);
		if (m.isRepeat && (!best || m.score > best.score || (m.score === best.score && m.similarity > best.similarity))) best = { ...m, earlierId: candidate.id };
	}
	return best;
}
