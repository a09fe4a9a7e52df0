import { describe, expect, it } from 'vitest';
import { docBody, docKindOf, docRecipient, formatDocNumber, otherChannel, regionShort, unitDocCode, type DocFacts } from './petitioner-docs.ts';

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
	it('受理, 不予受理 and 办结 issue one each; nothing else does', () => {
		expect(['accept', 'reject', 'conclude'].map(docKindOf)).toEqual(['accept', 'reject', 'opinion']);
		for (const action of ['route', 'reassign', 'refuse-again', 'start', 'extend-request', 'evaluate', 'review-decide', 'close', 'send-back', 'toString', 'constructor'])
			expect(docKindOf(action)).toBeNull();
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
	it('a long matter is shortened; the petitioner is named in full, or 信访人 when unknown', () => {
		expect(docBody(facts({ summary: '长'.repeat(80) }))[0]).toContain(`“${'长'.repeat(60)}……”`);
		expect(docRecipient(facts({}))).toBe('张三丰');
		expect(docRecipient(facts({ petitionerName: null }))).toBe('信访人');
		expect(docRecipient(facts({ petitionerName: '  ' }))).toBe('信访人');
	});
});
