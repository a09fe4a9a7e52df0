import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BriefingDocument } from '../../src/lib/server/meetings/briefing/content.ts';
import { MINUTES_FORMAT, minutesPdf } from '../../src/lib/server/meetings/briefing/minutes-pdf.ts';
import { ADVANCE_MM, BLOCK, LINE_MM, MARGIN } from '../../src/lib/server/print/geometry.ts';
import { printFonts } from '../../src/lib/server/print/service.ts';
import { CHAR_MM, near, pageText } from '../support/letter-format.ts';
import { measurePdf } from '../support/pdf.ts';
import { horizontalRules, inkBox } from '../support/raster.ts';

/**
 * The 纪要 in 纪要格式 (GB/T 9704-2012 §10.3) measured on the printed PDF within 0.5 mm, with the
 * letters' measuring functions: the red 纪要标志 35 mm under the block's top edge, centred, on one
 * line; no double rule (one thin red rule under the office and date); the body on the 22-line
 * grid; 出席 two characters in, its names aligned after the colon; page numbers on every page.
 */
const squeeze = (s: string) => s.replace(/\s/g, '');

function minutes(decisions: number, attendees: string): BriefingDocument {
	return {
		kind: 'minutes', title: '2026年12月全省信访工作联席会议', office: '山东省信访工作联席会议办公室', regionName: '山东省',
		heldAt: '2026/12/03 09:00', place: '省委第一会议室', attendees,
		snapshot: { name: 'x', takenAt: '2026/12/03 08:30', seq: 1 }, baseline: null, figures: [], changes: [], rateChanges: [], charts: [],
		agenda: [
			{ title: '逾期未办结事项 5 件（其中本期新增 5 件）', detail: '', note: '', decisions: Array.from({ length: decisions }, (_, i) => ({ text: `逾期事项一周内全部办结，逐件报送办理结果（第${i + 1}批）`, unit: '济南市历下区人力资源和社会保障局', person: '李明', due: '2026-12-10' })) },
			{ title: '包案「某小区业主集体反映房产证办理问题」超期 12 天', detail: '', note: '', decisions: [] }
		]
	};
}

const ATTENDEES = '省信访局、省人力资源和社会保障厅、省住房和城乡建设厅、省公安厅、济南市人民政府、青岛市人民政府、淄博市人民政府、枣庄市人民政府、东营市人民政府';

describe('纪要格式 on the printed 纪要', () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'lw-minutes-format-'));
	const fonts = () => printFonts(path.resolve('data/fonts'));

	it.each([
		{ name: 'one page', decisions: 1 },
		{ name: 'several pages', decisions: 22 }
	])('$name', ({ name, decisions }) => {
		const file = path.join(dir, `${decisions}.pdf`);
		writeFileSync(file, minutesPdf(minutes(decisions, decisions > 1 ? ATTENDEES : ATTENDEES.slice(0, 40)), fonts()));
		const pages = measurePdf(file);
		const first = pages[0];
		// the 纪要标志: red, one line (never a line of one character), its ink's top 35 mm under the block's top edge, centred
		const markLine = first.lines.find((l) => squeeze(l.text) === '2026年12月全省信访工作联席会议纪要');
		expect(markLine, '纪要标志 whole on one line').toBeTruthy();
		const rules = horizontalRules(file, 1, 'red');
		expect(rules, 'one red rule on page 1, not a letter’s double rule').toHaveLength(1);
		const [rule] = rules;
		const mark = inkBox(file, 1, 'red', { top: 0, bottom: rule.top - 12, left: 0, right: first.width })!;
		near(mark.top, MARGIN.top + MINUTES_FORMAT.markFromBlockTop, '纪要标志 35 mm under the block');
		near((mark.left + mark.right) / 2, MARGIN.left + BLOCK.width / 2, '纪要标志 centred');
		expect(mark.right - mark.left, '纪要标志 within the block').toBeLessThanOrEqual(BLOCK.width + 0.5);
		expect(inkBox(file, 1, 'red', { top: 0, bottom: MARGIN.top + 30, left: 0, right: first.width }), 'no 发文机关标志 at the head').toBeNull();
		// the office flush left and the date flush right on one line, over the thin rule the block's width
		const office = first.lines.find((l) => squeeze(l.text) === '山东省信访工作联席会议办公室')!;
		const date = first.lines.find((l) => squeeze(l.text) === '2026年12月3日')!;
		near(office.left, MARGIN.left, 'office flush left');
		near(date.right, MARGIN.left + BLOCK.width, 'date flush right');
		near(date.top, office.top, 'office and date on one line');
		expect(office.top, 'office and date under the 标志').toBeGreaterThan(mark.bottom + 2);
		expect(rule.bottom - rule.top, 'a thin rule').toBeLessThan(0.8);
		near(rule.right - rule.left, BLOCK.width, 'rule across the block');
		near(rule.top - office.bottom, MINUTES_FORMAT.ruleGap, 'rule under the office and date');
		// the body: 三号 on the grid, two characters in
		// (a line with digits reaches a little lower: Liberation Serif's descent; its top is the 三号 line's)
		const body = first.lines.filter((l) => l.top > rule.bottom && l.bottom < MARGIN.top + BLOCK.height && l.bottom - l.top > CHAR_MM - 0.3 && l.bottom - l.top < CHAR_MM + 1);
		const opening = body.find((l) => squeeze(l.text).startsWith('2026年12月3日，'))!;
		near(opening.left, MARGIN.left + 2 * ADVANCE_MM, 'paragraph two characters in');
		const offsets = body.map((l) => (l.top - MARGIN.top - (LINE_MM - CHAR_MM) / 2) / LINE_MM);
		for (const o of offsets) expect(Math.abs(o - Math.round(o)) * LINE_MM, 'body lines on the grid').toBeLessThan(0.5);
		// 出席: two characters in, after the body, the names aligned under the first one after the colon
		const all = pages.flatMap((p) => p.lines);
		const at = all.findIndex((l) => squeeze(l.text).startsWith('出席：'));
		expect(at, '出席 after the closing').toBeGreaterThan(all.findIndex((l) => squeeze(l.text).startsWith('以上议定事项')));
		near(all[at].left, MARGIN.left + 2 * ADVANCE_MM, '出席 two characters in');
		near(all[at + 1].left, MARGIN.left + 5 * ADVANCE_MM, 'names aligned after 出席：');
		expect(squeeze(all[at + 1].text).length).toBeGreaterThan(1);
		// page numbers on every page, odd at the right, even at the left
		pages.forEach((p, i) => {
			const folio = p.lines.find((l) => squeeze(l.text) === `—${i + 1}—`);
			expect(folio, `page ${i + 1} numbered`).toBeTruthy();
			if (i % 2 === 0) expect(folio!.right).toBeGreaterThan(MARGIN.left + BLOCK.width - 2 * CHAR_MM);
			else expect(folio!.left).toBeLessThan(MARGIN.left + 2 * CHAR_MM);
		});
		expect(pages.map(pageText).join('').replace(/\n/g, '')).toContain('责任单位：济南市历下区人力资源和社会保障局；责任人：李明；办理期限：2026年12月10日');
		if (name === 'several pages') expect(pages.length).toBeGreaterThanOrEqual(3);
		else expect(pages).toHaveLength(1);
		console.log(`纪要 ${name}: mark top ${mark.top.toFixed(2)} mm (want ${MARGIN.top + MINUTES_FORMAT.markFromBlockTop}), centre ${((mark.left + mark.right) / 2).toFixed(2)} (want ${MARGIN.left + BLOCK.width / 2}), rule ${rule.top.toFixed(2)}–${rule.bottom.toFixed(2)} × ${(rule.right - rule.left).toFixed(1)} mm, ${pages.length} pages`);
	});
});
