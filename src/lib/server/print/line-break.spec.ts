import { describe, expect, it } from 'vitest';
import { titleBreaks } from '../../domain/title-breaks.ts';
import { breakLines, breakTitle, placeLine, type Cell } from './line-break.ts';

/** A Chinese character takes one unit, a Latin letter, digit or space half of one. */
const cells = (text: string): Cell[] => Array.from(text, (char) => ({ char, width: /[\x20-\x7e]/.test(char) ? 0.5 : 1 }));
const lines = (text: string, width = 28, indent = 0, hang = 0) => breakLines(cells(text), width, indent, hang).map((l) => l.cells.map((c) => c.char).join(''));
const han = (n: number) => '经督查你单位承办的信访事项长期未办结群众反映强烈'.repeat(10).slice(0, n);

describe('breaking a paragraph into grid lines', () => {
	it('fills lines of 28 characters, the first after a two-character indent', () => {
		const out = lines(han(80), 28, 2);
		expect(out.map((l) => Array.from(l).length)).toEqual([26, 28, 26]);
		expect(out.join('')).toBe(han(80));
	});

	it('breaks between any two Chinese characters, nothing lost or added', () => {
		const text = han(28 * 3);
		expect(lines(text)).toEqual([text.slice(0, 28), text.slice(28, 56), text.slice(56)]);
	});

	it('never starts a line with closing punctuation: the character before moves down with it', () => {
		for (const mark of Array.from('，。、；：？！）」》')) {
			const out = lines(`${han(28)}${mark}后文`);
			expect(out[1][0], mark).not.toBe(mark);
			expect(out[0]).toBe(han(27));
			expect(out[1]).toBe(`${han(28).slice(-1)}${mark}后文`);
		}
	});

	it('never ends a line with opening punctuation', () => {
		for (const mark of Array.from('（「《')) {
			const out = lines(`${han(27)}${mark}信访件${han(5)}`);
			expect(out[0].endsWith(mark), mark).toBe(false);
			expect(out[0]).toBe(han(27));
			expect(out[1].startsWith(mark)).toBe(true);
		}
	});

	it('moves back over a run of punctuation (。」 after the last character)', () => {
		const out = lines(`${han(27)}她说「好。」下文`);
		expect(out.every((l) => !'，。、；：？！）」》'.includes(l[0]))).toBe(true);
		expect(out.every((l) => !'（「《'.includes(l.at(-1)!))).toBe(true);
	});

	it('keeps a Latin run (a number, a word) whole and breaks around it', () => {
		const out = lines(`${han(20)}编号No.37010220261001000017已逾期`);
		expect(out.some((l) => l.includes('No.37010220261001000017'))).toBe(true);
		expect(out[0]).toBe(`${han(20)}编号`);
	});

	it('breaks a long serial only after its hyphens, so the line before it is not left short', () => {
		const serial = '370102-20261001-000017';
		const out = lines(`${han(20)}编号${serial}已逾期`);
		expect(out.join('')).toBe(`${han(20)}编号${serial}已逾期`);
		expect(out[0]).toMatch(/编号370102-(20261001-)?$/);
		expect(out[1]).toMatch(/^(20261001-)?000017已逾期|^20261001-000017已逾期/);
	});

	it('breaks a Latin run wider than the line by characters rather than overflowing', () => {
		const long = '1'.repeat(70);
		const out = lines(long);
		expect(out.join('')).toBe(long);
		expect(out.map((l) => l.length)).toEqual([56, 14]);
	});

	it('gives a character wider than the line a line of its own rather than loop', () => {
		expect(breakLines([{ char: '宽', width: 3 }, { char: '字', width: 1 }], 2).map((l) => l.cells.map((c) => c.char).join(''))).toEqual(['宽', '字']);
	});

	it('drops the spaces at a line break and indents continuation lines by the hang', () => {
		const broken = breakLines(cells(`抄送：${han(30)}`), 28, 0, 3);
		expect(broken.map((l) => l.indent)).toEqual([0, 3]);
		expect(Array.from(broken[1].cells.map((c) => c.char).join(''))).toHaveLength(5);
		expect(lines(`${han(27)} abc`)[1]).toBe('abc');
	});
});

describe('placing a line', () => {
	it('justifies a line shortened by 禁则 to the full width, between characters', () => {
		const [first, second] = breakLines(cells(`${han(28)}。`), 28);
		const xs = placeLine(first, 28, 'justify');
		expect(xs[0]).toBe(0);
		expect(xs.at(-1)! + 1).toBeCloseTo(28, 9);
		expect(placeLine(second, 28, 'justify')).toEqual([0, 1]); // the last line of a paragraph is not spread
	});

	it('spreads a line with a Latin word between words, never inside the word', () => {
		const [line] = breakLines(cells(`${han(20)}编号370102-20261001-000017已逾期`), 28);
		const xs = placeLine(line, 28, 'justify');
		const natural = line.cells.reduce((s, c) => s + c.width, 0);
		expect(natural).toBeLessThan(28);
		expect(xs.at(-1)! + line.cells.at(-1)!.width).toBeCloseTo(28, 9);
	});

	it('centres, right-aligns and indents', () => {
		const [line] = breakLines(cells('附件'), 28, 2);
		expect(placeLine(line, 28, 'start')).toEqual([2, 3]);
		expect(placeLine(breakLines(cells('标题'), 10)[0], 10, 'center')).toEqual([4, 5]);
		expect(placeLine(breakLines(cells('12号'), 10)[0], 10, 'end')).toEqual([8, 8.5, 9]);
	});
});

describe('breaking a title at phrase boundaries', () => {
	const title = (text: string, width = 18) => breakTitle(cells(text), width, titleBreaks(text)).map((l) => l.cells.map((c) => c.char).join(''));

	it('keeps a title that fits on one line', () => {
		expect(title('关于某局的督办函')).toEqual(['关于某局的督办函']);
	});

	it('breaks only where a phrase ends, balanced in length', () => {
		expect(title('关于历下区住建局信访事项风险防范化解的风险提醒函')).toEqual(['关于历下区住建局信访事项', '风险防范化解的风险提醒函']);
		expect(title('关于济南市历下区人力资源和社会保障局信访事项办理情况的督办函')).toEqual(['关于济南市历下区人力资源和社会保障局', '信访事项办理情况的督办函']);
	});

	it('never cuts a long unit name of a 问责建议函 inside a word: three lines rather than 人力资源和社会|保障局', () => {
		const out = title('关于对济南市历下区人力资源和社会保障局有关责任人员予以问责的问责建议函');
		expect(out).toEqual(['关于对济南市历下区', '人力资源和社会保障局', '有关责任人员予以问责的问责建议函']);
		const long = title('关于对新疆维吾尔自治区乌鲁木齐市沙依巴克区红庙子街道办事处有关责任人员予以问责的问责建议函');
		expect(long.join('')).toBe('关于对新疆维吾尔自治区乌鲁木齐市沙依巴克区红庙子街道办事处有关责任人员予以问责的问责建议函');
		const ends = new Set([...titleBreaks(long.join(''))]);
		let at = 0;
		for (const line of long.slice(0, -1)) expect(ends.has((at += Array.from(line).length)), `“${line}” ends inside a phrase`).toBe(true);
	});

	it('leaves no line of a single character', () => {
		for (const width of [6, 8, 10, 12, 14, 16, 18]) {
			const out = title('关于对济南市历下区人力资源和社会保障局有关责任人员予以问责的问责建议函', width);
			expect(out.every((l) => Array.from(l).length > 1), `width ${width}: ${out.join('|')}`).toBe(true);
		}
	});

	it('cuts inside a phrase only when the phrase is wider than the line, and keeps 禁则', () => {
		const out = title('关于一二三四五六七八九十甲乙丙丁戊己庚辛壬癸局信访事项办理情况的督办函', 12);
		expect(out.join('')).toBe('关于一二三四五六七八九十甲乙丙丁戊己庚辛壬癸局信访事项办理情况的督办函');
		expect(out.at(-1)).toBe('信访事项办理情况的督办函');
		expect(out.every((l) => Array.from(l).length <= 12)).toBe(true);
		const bracket = title('一二三四五六七八九十（2026）甲乙丙丁戊己庚辛，壬癸');
		expect(bracket.every((l) => !'，）'.includes(l[0]) && !l.endsWith('（'))).toBe(true);
		expect(bracket.some((l) => l.includes('2026'))).toBe(true);
	});
});
