import { describe, expect, it } from 'vitest';
import { candidateFilter, detect, type Arriving } from './detection.ts';
import type { PetitionSignature } from './repeats.ts';
import { DEFAULT_RULES } from './rules.ts';
import { t } from './spec-support.ts';

const earlier: PetitionSignature = {
	id: '7',
	receivedAt: t('2026-09-01'),
	petitionerHash: 'abc',
	respondent: null,
	unitId: 3,
	category: 'labour',
	summary: '反映某建筑公司拖欠农民工工资三个月未支付',
	region: '370102'
};
const item = (over: Partial<Arriving> = {}): Arriving => ({
	...earlier,
	id: '9',
	receivedAt: t('2026-11-20'),
	summary: '再次反映某建筑公司拖欠农民工工资三个月未支付',
	headcount: 1,
	channel: 'visit',
	receivedBy: '370102',
	...over
});

describe('detect: 越级, 重复 and 群体 as registration and the simulator decide them', () => {
	it('marks a repeat of the same person on the same matter, with the factors and the reason', () => {
		const d = detect(item(), [earlier], DEFAULT_RULES);
		expect(d.repeat).toMatchObject({ earlierId: '7', score: 0.85 });
		expect(d.repeat!.matched.map((m) => m.factor)).toEqual(['person', 'unit', 'category', 'text', 'region']);
		expect(d.repeat!.reason).toBe('认定重复信访：相隔 80 天，同一信访人、同一责任单位、同一问题类别、诉求内容相似、同一发生地，得分 0.85（阈值 0.6）');
	});

	it('does not mark another person, another matter, or a matter outside the window', () => {
		expect(detect(item({ petitionerHash: 'other' }), [earlier], DEFAULT_RULES).repeat).toBeNull();
		expect(detect(item({ summary: '反映小区物业乱收停车费', category: 'housing' }), [earlier], DEFAULT_RULES).repeat).toBeNull();
		expect(detect(item({ receivedAt: t('2027-03-15') }), [earlier], DEFAULT_RULES).repeat).toBeNull();
		expect(detect(item(), [], DEFAULT_RULES).repeat).toBeNull();
	});

	it('picks the best of several earlier items', () => {
		const weaker = { ...earlier, id: '8', unitId: 99, receivedAt: t('2026-10-01') };
		expect(detect(item(), [weaker, earlier], DEFAULT_RULES).repeat?.earlierId).toBe('7');
	});

	it('judges 越级 by the body that received the item against the item’s own region', () => {
		expect(detect(item({ receivedBy: '370000' }), [], DEFAULT_RULES).skipLevel).toEqual({
			isSkipLevel: true,
			levelsUp: 2,
			receivedBy: '370000',
			explanation: '有权处理机关为县级，本次到省级，高出 2 级，属越级'
		});
		expect(detect(item({ receivedBy: '370100' }), [], DEFAULT_RULES).skipLevel.isSkipLevel).toBe(false);
		expect(detect(item({ receivedBy: '100000' }), [], DEFAULT_RULES).skipLevel).toMatchObject({ isSkipLevel: true, levelsUp: 3 });
		expect(detect(item({ receivedBy: '370102' }), [], DEFAULT_RULES).skipLevel.isSkipLevel).toBe(false);
		// another city's office is not a higher level of this county
		expect(detect(item({ receivedBy: '370200' }), [], DEFAULT_RULES).skipLevel.isSkipLevel).toBe(false);
	});

	it('marks 越级 on visits only: a letter, a call or an online petition may reach any level', () => {
		for (const channel of ['letter', 'online', 'phone', 'video', 'mailbox', 'hotline'] as const) {
			const d = detect(item({ channel, receivedBy: '370000' }), [], DEFAULT_RULES).skipLevel;
			expect(d, channel).toMatchObject({ isSkipLevel: false, levelsUp: 2, receivedBy: '370000' });
			expect(d.explanation).toMatch(/^有权处理机关为县级，本次到省级，高出 2 级；.+不是走访，不按越级上访认定$/);
		}
		expect(detect(item({ channel: 'online', receivedBy: '370000' }), [], DEFAULT_RULES).skipLevel.explanation).toBe('有权处理机关为县级，本次到省级，高出 2 级；网上信访不是走访，不按越级上访认定');
		expect(detect(item({ channel: 'visit', receivedBy: '370000' }), [], DEFAULT_RULES).skipLevel.isSkipLevel).toBe(true);
	});

	it('marks 群体访 at the rules’ threshold, not a fixed five', () => {
		expect(detect(item({ headcount: 4 }), [], DEFAULT_RULES).group).toMatchObject({ isGroupVisit: false, threshold: 5 });
		expect(detect(item({ headcount: 5 }), [], DEFAULT_RULES).group).toEqual({ isGroupVisit: true, headcount: 5, threshold: 5, explanation: '5 人，达到群体访标准（5 人及以上）' });
		expect(detect(item({ headcount: 5 }), [], { ...DEFAULT_RULES, groupThreshold: 8 }).group.isGroupVisit).toBe(false);
	});

	it('fetches only the same person’s items when the rules require the same person', () => {
		expect(candidateFilter(DEFAULT_RULES)).toBe('person');
		expect(candidateFilter({ repeatMatch: { ...DEFAULT_RULES.repeatMatch, requireSamePerson: false } })).toBe('person-or-place');
	});
});
