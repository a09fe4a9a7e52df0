import { describe, expect, it } from 'vitest';
import { letterTitle } from './letter-draft.ts';
import { titleBreaks, titlePhrases, unitPhrases } from './title-breaks.ts';

describe('a unit name as places and its organ', () => {
	it.each([
		['济南市历下区人力资源和社会保障局', ['济南市', '历下区', '人力资源和社会保障局']],
		['济南市历下区住房和城乡建设局', ['济南市', '历下区', '住房和城乡建设局']],
		['新疆维吾尔自治区乌鲁木齐市沙依巴克区红庙子街道办事处', ['新疆维吾尔自治区', '乌鲁木齐市', '沙依巴克区', '红庙子街道办事处']],
		['内蒙古自治区锡林郭勒盟锡林浩特市人民政府', ['内蒙古自治区', '锡林郭勒盟', '锡林浩特市', '人民政府']],
		['郑州市金水区市场监督管理局', ['郑州市', '金水区', '市场监督管理局']],
		['济南市市中区人民政府', ['济南市', '市中区', '人民政府']],
		['济南市公安局历下区分局', ['济南市', '公安局历下区分局']],
		['甘孜藏族自治州人民政府', ['甘孜藏族自治州', '人民政府']],
		['历下区', ['历下区']],
		['住建局', ['住建局']]
	])('%s', (name, phrases) => {
		expect(unitPhrases(name)).toEqual(phrases);
	});
});

describe('a title’s phrases', () => {
	it('cuts every kind’s title into 关于, the unit’s places and organ, and the kind’s fixed words', () => {
		expect(titlePhrases(letterTitle('accountability', '济南市历下区人力资源和社会保障局'))).toEqual(['关于对', '济南市', '历下区', '人力资源和社会保障局', '有关责任人员', '予以问责的', '问责建议函']);
		expect(titlePhrases(letterTitle('supervise', '济南市历下区住房和城乡建设局'))).toEqual(['关于', '济南市', '历下区', '住房和城乡建设局', '信访事项', '办理情况的', '督办函']);
		expect(titlePhrases(letterTitle('risk', '历下区住建局'))).toEqual(['关于', '历下区', '住建局', '信访事项', '风险防范化解的', '风险提醒函']);
	});

	it('cuts any other title before 关于/信访/涉及/有关/（ and after 的', () => {
		expect(titlePhrases('涉及信访事项清单（4件）')).toEqual(['涉及', '信访事项清单', '（4件）']);
		expect(titlePhrases('不予受理告知书')).toEqual(['不予受理告知书']);
		expect(titlePhrases('关于张三反映问题的答复意见')).toEqual(['关于张三反映问题的', '答复意见']);
	});

	it('gives break offsets that join back to the title', () => {
		const title = letterTitle('accountability', '济南市历下区人力资源和社会保障局');
		expect([...titleBreaks(title)]).toEqual([3, 6, 9, 19, 25, 30]);
		expect(titlePhrases(title).join('')).toBe(title);
		expect(titleBreaks('督办函').size).toBe(0);
	});
});
