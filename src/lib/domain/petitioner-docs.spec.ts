import { describe, expect, it } from 'vitest';
import { docBody, docKindOf, docRecipient, docTextField, formatDocNumber, otherChannel, petitionerDocKinds, regionShort, unitDocCode, type DocFacts } from './petitioner-docs.ts';

const facts = (over: Partial<DocFacts>): DocFacts => ({
	kind: 'accept',
	petitionerName: '张三丰',
	serial: '370102-20260302-000001',
	receivedOn: '2026-03-02',
	channel: 'visit',
	summary: '反映拖欠农民工工资问题',
	unitName: '历下区人社局',
	parentRegionName: '济南市',
	issuedOn: '2026-03-10',
	...over
});

describe('which transition issues which document', () => {
	it('受理, 不予受理, 办结, 复查意见 and 复核意见 issue one each; nothing else does', () => {
		expect(['accept', 'reject', 'conclude', 'review-decide', 'recheck-decide'].map(docKindOf)).toEqual(['accept', 'reject', 'opinion', 'review', 'recheck']);
		for (const action of ['route', 'reassign', 'refuse-again', 'start', 'extend-request', 'evaluate', 'review-request', 'recheck-request', 'close', 'send-back', 'toString', 'constructor'])
			expect(docKindOf(action)).toBeNull();
	});
	it('the text a transition puts in its document is named by its form field', () => {
		expect(docTextField('conclude')).toEqual({ field: 'text', label: '处理意见' });
		expect(docTextField('reject')).toEqual({ field: 'reason', label: '不予受理理由' });
		expect(docTextField('review-decide')).toEqual({ field: 'text', label: '复查意见' });
		expect(docTextField('recheck-decide')).toEqual({ field: 'text', label: '复核意见' });
		expect(docTextField('accept')).toBeNull();
		expect(docTextField('toString')).toBeNull();
	});
	it('each kind has its own title and 文号 abbreviation', () => {
		expect(petitionerDocKinds.review.title).toBe('信访事项复查意见书');
		expect(petitionerDocKinds.recheck.title).toBe('信访事项复核意见书');
		const abbreviations = Object.values(petitionerDocKinds).map((k) => k.abbreviation);
		expect(new Set(abbreviations).size).toBe(abbreviations.length);
	});
});

describe('the 机关代字 and the 文号', () => {
	it('region short name + the unit without its region and its 局/委/办', () => {
		expect(regionShort('历下区')).toBe('历下');
		expect(regionShort('济南市')).toBe('济南');
		expect(regionShort('丰县')).toBe('丰县');
		expect(unitDocCode('历下区', '历下区人社局')).toBe('历下人社');
		expect(unitDocCode('历下区', '历下区信访局')).toBe('历下');
		expect(unitDocCode('历下区', '济南市历下区信访局')).toBe('历下');
		expect(unitDocCode('历下区', '济南市历下区住房和城乡建设局')).toBe('历下住房和城乡建设');
		expect(unitDocCode('历下区', '市场监管局')).toBe('历下市场监管');
		expect(formatDocNumber(unitDocCode('历下区', '历下区信访局'), 'accept', 2026, 3)).toBe('历下信受告〔2026〕3号');
		expect(unitDocCode('历下区', '历下区卫生健康委员会')).toBe('历下卫生健康');
		expect(unitDocCode('历下区', '历下区政府办公室')).toBe('历下政府');
		// the 复核机关 at a province: its 厅 goes as a 局 does
		expect(unitDocCode('山东省', '山东省人社厅')).toBe('山东人社');
		expect(unitDocCode('历下区', 'ABC Office 12')).toBe('历下');
	});
	it('never longer than 10 characters, all Han', () => {
		const code = unitDocCode('历下区', '历下区人力资源和社会保障局劳动保障监察大队');
		expect(Array.from(code)).toHaveLength(10);
		expect(code).toMatch(/^\p{Script=Han}+$/u);
	});
	it('formats as GB/T 9704 wants: 六角括号, no leading zero, no 第', () => {
		expect(formatDocNumber('历下人社', 'accept', 2026, 3)).toBe('历下人社信受告〔2026〕3号');
		expect(formatDocNumber('历下人社', 'reject', 2026, 12)).toBe('历下人社信不受告〔2026〕12号');
		expect(formatDocNumber('历下人社', 'opinion', 2027, 1)).toBe('历下人社信处意〔2027〕1号');
		expect(formatDocNumber('济南人社', 'review', 2026, 5)).toBe('济南人社信复查〔2026〕5号');
		expect(formatDocNumber('山东人社', 'recheck', 2026, 1)).toBe('山东人社信复核〔2026〕1号');
	});
	it('refuses parts that would make a wrong 文号', () => {
		expect(() => formatDocNumber('历下1', 'accept', 2026, 1)).toThrow(/机关代字/);
		expect(() => formatDocNumber('历下', 'accept', 2026, 0)).toThrow(/序号/);
		expect(() => formatDocNumber('历下', 'accept', 2026, 1.5)).toThrow(/序号/);
	});
});

describe('what each document says', () => {
	it('受理告知书: the matter, 受理 under 第二十二条, 60 days under 第三十三条', () => {
		const body = docBody(facts({})).join('');
		expect(body).toContain('您于2026年3月2日以来访方式提出的“反映拖欠农民工工资问题”信访事项（编号370102-20260302-000001）');
		expect(body).toMatch(/第二十二条.*予以受理/);
		expect(body).toMatch(/第三十三条.*60日内办结/);
		expect(docBody(facts({})).at(-1)).toBe('特此告知。');
	});
	it('不予受理告知书: the reason, 第十五条 and the channel to use instead', () => {
		const body = docBody(facts({ kind: 'reject', reason: '该事项已进入诉讼程序。' }));
		expect(body[0]).toContain('经审查，该事项已进入诉讼程序。依据《信访条例》第十五条、第二十二条的规定，本机关决定不予受理。');
		expect(body[1]).toBe('请依法向人民法院提起诉讼或通过其他司法途径解决。');
	});
	it('the channel follows the reason', () => {
		expect(otherChannel('属于劳动争议，应当仲裁')).toMatch(/仲裁/);
		expect(otherChannel('应当申请行政复议')).toMatch(/行政复议机关/);
		expect(otherChannel('反映党员干部违纪')).toMatch(/纪检监察/);
		expect(otherChannel('不属于本机关职权范围')).toMatch(/有权处理该事项的机关/);
	});
	it('处理意见书: the decision text, the 意见 under 第三十二条, 复查 in 30 days to the government above', () => {
		const body = docBody(facts({ kind: 'opinion', outcome: 'partial', decisionText: '已责令用人单位补发工资。\n其余请求缺乏依据。' }));
		expect(body).toContain('已责令用人单位补发工资。');
		expect(body).toContain('其余请求缺乏依据。');
		expect(body.join('')).toContain('作出“部分支持”的处理意见');
		expect(body.join('')).toContain('自收到本意见书之日起30日内，向济南市人民政府或者其有关工作部门（本机关的上一级行政机关）书面请求复查');
		expect(docBody(facts({ kind: 'opinion', outcome: 'reject', decisionText: 'x', parentRegionName: null })).join('')).toContain('向本机关的上一级行政机关');
	});
	it('复查意见书: the opinion appealed and when, the 复查意见, 复核 in 30 days to the government above the 复查机关 (第三十五条)', () => {
		const body = docBody(facts({
			kind: 'review', unitName: '济南市人社局', parentRegionName: '山东省', issuedOn: '2026-05-20',
			decisionText: '经复查，原处理意见认定事实清楚。\n维持原处理意见。',
			appeal: { priorOrgan: '历下区人社局', priorNumber: '历下人社信处意〔2026〕3号', requestedOn: '2026-04-20' }
		}));
		expect(body[0]).toBe('您于2026年3月2日以来访方式提出的“反映拖欠农民工工资问题”信访事项（编号370102-20260302-000001），历下区人社局已出具信访事项处理意见书（历下人社信处意〔2026〕3号）。您不服该处理意见，于2026年4月20日请求复查。本机关依据《信访条例》第三十四条的规定进行了复查，现将复查意见答复如下：');
		expect(body.slice(1, 3)).toEqual(['经复查，原处理意见认定事实清楚。', '维持原处理意见。']);
		expect(body[3]).toBe('如对本复查意见不服，您可以依据《信访条例》第三十五条的规定，自收到本意见书之日起30日内，向山东省人民政府或者其有关工作部门（本机关的上一级行政机关）书面请求复核。');
		expect(body.at(-1)).toBe('特此答复。');
		// no 处理意见书 on file (an item concluded before documents were issued), no parent region
		const bare = docBody(facts({ kind: 'review', parentRegionName: null, decisionText: '维持。', appeal: { priorOrgan: '历下区人社局', priorNumber: null, requestedOn: null } })).join('');
		expect(bare).toContain('历下区人社局已作出处理意见。您不服该处理意见，请求复查。');
		expect(bare).toContain('30日内，向本机关的上一级行政机关（本机关的上一级行政机关）书面请求复核');
	});
	it('复核意见书: the 复查意见 appealed, the 复核意见, and that it is final (不再受理, 第三十五条)', () => {
		const body = docBody(facts({
			kind: 'recheck', unitName: '山东省人社厅', parentRegionName: null, decisionText: '经复核，维持复查意见。',
			appeal: { priorOrgan: '济南市人社局', priorNumber: '济南人社信复查〔2026〕1号', requestedOn: '2026-06-01' }
		}));
		expect(body[0]).toContain('济南市人社局已出具信访事项复查意见书（济南人社信复查〔2026〕1号）。您不服该复查意见，于2026年6月1日请求复核。本机关依据《信访条例》第三十五条的规定进行了复核');
		expect(body[1]).toBe('经复核，维持复查意见。');
		expect(body[2]).toBe('本复核意见为终结意见。依据《信访条例》第三十五条的规定，您对本复核意见不服，仍然以同一事实和理由提出投诉请求的，各级人民政府信访工作机构和其他行政机关不再受理。');
		expect(body.join('')).not.toContain('请求复核。如');
		expect(body.at(-1)).toBe('特此答复。');
	});
	it('a long matter is shortened; the petitioner is named in full, or 信访人 when unknown', () => {
		expect(docBody(facts({ summary: '长'.repeat(80) }))[0]).toContain(`“${'长'.repeat(60)}……”`);
		expect(docRecipient(facts({}))).toBe('张三丰');
		expect(docRecipient(facts({ petitionerName: null }))).toBe('信访人');
		expect(docRecipient(facts({ petitionerName: '  ' }))).toBe('信访人');
	});
});
