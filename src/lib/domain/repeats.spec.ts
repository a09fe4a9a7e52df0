import { describe, expect, it } from 'vitest';
import { findRepeat, matchRepeat, normalizeText, textSimilarity, type PetitionSignature } from './repeats.ts';
import { DEFAULT_RULES } from './rules.ts';
import { t } from './spec-support.ts';

const WAGES = '反映某某建筑公司拖欠农民工工资共计12万元，多次讨要未果，要求尽快支付。';
const WAGES_AGAIN = '再次反映某某建筑公司拖欠工资12万元一直未支付，请求督促解决。';
const GOODS = '反映某某公司拖欠货款，要求支付。';
const FUMES = '反映小区旁化工厂夜间排放刺鼻气体，影响居民健康，要求环保部门查处。';
const DEEDS = '反映幸福路小区开发商逾期未办理房产证，要求督促办证。';
const DEEDS_AGAIN = '幸福路小区房产证至今未办，开发商一再拖延，请求相关部门督促办理。';

const base: PetitionSignature = {
	id: 1,
	receivedAt: t('2026-01-10'),
	petitionerHash: 'h-zhang',
	respondent: '某某建筑公司',
	unitId: 7,
	category: 'labour',
	summary: WAGES,
	region: '370102'
};
const later = (over: Partial<PetitionSignature>): PetitionSignature => ({ ...base, id: 2, receivedAt: t('2026-03-01'), ...over });

describe('text similarity on Chinese (character bigrams, boilerplate ignored)', () => {
	it('is high for the same matter in other words and low for another matter', () => {
		expect(textSimilarity(WAGES, WAGES_AGAIN)).toBeGreaterThanOrEqual(0.4);
		expect(textSimilarity(DEEDS, DEEDS_AGAIN)).toBeGreaterThanOrEqual(0.4);
		expect(textSimilarity(WAGES, GOODS)).toBeLessThan(0.25); // same kind of complaint, another matter
		expect(textSimilarity(WAGES, FUMES)).toBe(0); // only boilerplate in common
		expect(textSimilarity(WAGES, WAGES)).toBe(1);
		expect(textSimilarity('', WAGES)).toBe(0);
		expect(textSimilarity('。。', '，，')).toBe(0);
	});

	it('ignores punctuation, spacing and full-width forms', () => {
		expect(normalizeText('Ａ公司， 拖欠 工资！')).toBe('a公司拖欠工资');
		expect(textSimilarity('拖欠工资12万元', '拖欠 工资 １２ 万元。')).toBe(1);
	});
});

describe('matchRepeat: crafted pairs, explained', () => {
	it('true: same person, respondent, unit, category, place and similar text', () => {
		const m = matchRepeat(later({ summary: WAGES_AGAIN }), base, DEFAULT_RULES);
		expect(m.isRepeat).toBe(true);
		expect(m.score).toBe(1);
		expect(m.matched.map((f) => [f.factor, f.label])).toEqual([
			['person', '同一信访人'],
			['respondent', '同一被反映对象'],
			['unit', '同一责任单位'],
			['category', '同一问题类别'],
			['text', '诉求内容相似'],
			['region', '同一发生地']
		]);
		expect(m.matched.find((f) => f.factor === 'text')?.detail).toBe(`相似度 ${m.similarity.toFixed(2)}（阈值 0.3）`);
		expect(m.reason).toBe('认定重复信访：相隔 50 天，同一信访人、同一被反映对象、同一责任单位、同一问题类别、诉求内容相似、同一发生地，得分 1（阈值 0.6）');
	});

	it('true: same person and text, filed elsewhere with no respondent recorded', () => {
		const m = matchRepeat(later({ summary: WAGES_AGAIN, respondent: null, unitId: 9, region: '370100' }), base, DEFAULT_RULES);
		expect(m).toMatchObject({ isRepeat: true, score: 0.65 });
		expect(m.matched.map((f) => f.factor)).toEqual(['person', 'category', 'text']);
	});

	it('true: same person and respondent though the wording differs', () => {
		const m = matchRepeat(later({ summary: '公司欠钱不给，生活困难。' }), base, DEFAULT_RULES);
		expect(m).toMatchObject({ isRepeat: true, score: 0.85 });
		expect(m.matched.map((f) => f.factor)).not.toContain('text');
	});

	it('false: another person raising the same matter', () => {
		const m = matchRepeat(later({ summary: WAGES_AGAIN, petitionerHash: 'h-li' }), base, DEFAULT_RULES);
		expect(m.isRepeat).toBe(false);
		expect(m.score).toBe(0.6);
		expect(m.reason).toBe('不认定重复：非同一信访人（匹配：同一被反映对象、同一责任单位、同一问题类别、诉求内容相似、同一发生地）');
	});

	it('false: same person, another matter of the same category', () => {
		const m = matchRepeat(later({ summary: GOODS, respondent: '某某贸易公司' }), base, DEFAULT_RULES);
		expect(m.isRepeat).toBe(false);
		expect(m.reason).toBe('不认定重复：诉求内容不相似且被反映对象不同，不是同一事项（匹配：同一信访人、同一责任单位、同一问题类别、同一发生地）');
	});

	it('false: outside the window, or not earlier', () => {
		expect(matchRepeat(later({ summary: WAGES_AGAIN, receivedAt: t('2026-07-10') }), base, DEFAULT_RULES).reason).toMatch(/^不认定重复：相隔 181 天，超出 180 天比对时段/);
		expect(matchRepeat(later({ summary: WAGES_AGAIN, receivedAt: t('2026-07-09') }), base, DEFAULT_RULES).isRepeat).toBe(true); // day 180
		expect(matchRepeat(base, later({ summary: WAGES_AGAIN }), DEFAULT_RULES).reason).toMatch(/^不认定重复：比对件不早于本件/);
	});

	it('false: a score below the threshold', () => {
		const m = matchRepeat(later({ summary: WAGES_AGAIN, respondent: null, unitId: 9, region: '370100', category: 'other' }), base, DEFAULT_RULES);
		expect(m).toMatchObject({ isRepeat: false, score: 0.55 });
		expect(m.reason).toMatch(/^不认定重复：得分 0.55 低于阈值 0.6/);
	});

	it('anonymous items never match as the same person', () => {
		const m = matchRepeat(later({ summary: WAGES_AGAIN, petitionerHash: null }), { ...base, petitionerHash: null }, DEFAULT_RULES);
		expect(m.isRepeat).toBe(false);
		expect(m.matched.map((f) => f.factor)).not.toContain('person');
	});

	it('without requireSamePerson the same matter from others can count', () => {
		const rules = { ...DEFAULT_RULES, repeatMatch: { ...DEFAULT_RULES.repeatMatch, requireSamePerson: false } };
		expect(matchRepeat(later({ summary: WAGES_AGAIN, petitionerHash: 'h-li' }), base, rules)).toMatchObject({ isRepeat: true, score: 0.6 });
	});
});

describe('findRepeat', () => {
	it('picks the best-scoring earlier item and skips non-matches', () => {
		const earlier: PetitionSignature[] = [
			{ ...base, id: 'a', summary: FUMES, respondent: '化工厂', category: 'environment' },
			{ ...base, id: 'b', unitId: 9, region: '370100' },
			{ ...base, id: 'c' }
		];
		const found = findRepeat(later({ summary: WAGES_AGAIN }), earlier, DEFAULT_RULES);
		expect(found?.earlierId).toBe('c');
		expect(findRepeat(later({ summary: WAGES_AGAIN, petitionerHash: 'h-li' }), earlier, DEFAULT_RULES)).toBeNull();
	});
});
