import { describe, expect, it } from 'vitest';
import { caseHeadline } from './headline.ts';

describe('caseHeadline', () => {
	it.each([
		['潍坊市昌乐县高某（3件）反映农村土地及村务问题', '昌乐县', '昌乐县 · 高某（3件） 农村土地及村务'],
		['泰安市肥城市徐某反映企业改制遗留问题', '肥城市', '肥城市 · 徐某 企业改制遗留'],
		['济南市钢城区匿名信访人反映医疗纠纷问题', '钢城区', '钢城区 · 匿名信访人 医疗纠纷'],
		['山东省济南市历下区张某（2件）反映拖欠工资问题', '历下区', '历下区 · 张某（2件） 拖欠工资'],
		['反映噪声扰民问题', '历下区', '历下区 · 噪声扰民']
	])('%s → %s', (title, region, headline) => {
		expect(caseHeadline(title, region)).toBe(headline);
	});

	it('keeps a title in another form whole (nothing cut)', () => {
		expect(caseHeadline('某小区业主群体性诉求', '历城区')).toBe('历城区 · 某小区业主群体性诉求');
		expect(caseHeadline('济南市历城区', '历城区')).toBe('历城区 · 济南市历城区');
	});
});
