import { ADVANCE_MM, BLOCK, LINE_MM, MARGIN, MM_PER_PT } from '../../print/geometry.ts';
import { BODY, LABEL, RED, at, blank, emTop, inkWidth, markStyle, rowsOf, textRows, typesetPages, type Draw } from '../../print/layout.ts';
import { breakLines } from '../../print/line-break.ts';
import type { Block, Row } from '../../print/paginate.ts';
import { Typesetter, type LetterFonts } from '../../print/typeset.ts';
import { chineseDay, chineseMoment, type BriefingDocument } from './content.ts';

/**
 * The meeting's 纪要 in GB/T 9704-2012 纪要格式 (§10.3), set by the print service's typesetter on
 * the 公文 grid like the 三函: the red 纪要标志 “××会议纪要” (标宋-class, centred, narrowed to one
 * line) its ink's top 35 mm under the block's top edge; under it the office flush left and the
 * date flush right over one thin red rule (no 发文机关标志, no double rule: this is not a letter);
 * the body in 三号 仿宋 on the 22-line grid; 出席 in 黑体 two characters in, a line under the body,
 * its names in 仿宋 aligned under the first one after the colon (§10.3); page numbers on every page.
 */
export const MINUTES_FORMAT = {
	/** the 纪要标志's ink top, under the block's top edge (§10.3: 35 mm) */
	markFromBlockTop: 35,
	markPt: 30,
	/** the rule under the office and date line: thin, red, the block's width */
	rule: 0.5,
	ruleGap: 1.5
} as const;

/** The paragraphs of the body: the meeting, then each decision under its agenda item, then the closing. */
export function minutesParagraphs(doc: BriefingDocument): string[] {
	const decided = doc.agenda.filter((a) => a.decisions.length);
	return [
		`${chineseDay(doc.heldAt)}，${doc.title}在${doc.place || '—'}召开。会议通报了截至${chineseMoment(doc.snapshot.takenAt)}的${doc.regionName}信访工作态势，听取了上次会议以来的工作进展，研究了重点信访事项和领导包案化解工作。现将会议议定事项纪要如下：`,
		...decided.flatMap((a, i) =>
			a.decisions.map((d, j) => `${j === 0 ? `${i + 1}．${a.title}。` : ''}会议决定：${d.text}（责任单位：${d.unit}；责任人：${d.person}；办理期限：${chineseDay(d.due)}）。`)
		),
		...(decided.length ? [] : ['本次会议未形成议定事项。']),
		'以上议定事项由会议决定的责任单位按期办理，办理情况报联席会议办公室，逾期未办结的纳入督查督办。'
	];
}

/** The 纪要标志 of a meeting: its title and 纪要 (a title already ending in 纪要 keeps it once). */
export const minutesMark = (title: string) => (title.endsWith('纪要') ? title : `${title}纪要`);

/** Page 1's head: the 纪要标志 placed from the block's top by its ink, then the office and date on the grid, then the red rule; the rows it spans. */
function head(t: Typesetter, doc: BriefingDocument): Row<Draw> {
	const name = minutesMark(doc.title);
	const style = markStyle(t, name, { role: 'title', size: MINUTES_FORMAT.markPt, color: RED, spacing: 2 });
	const cells = t.shape(name, style);
	const [above, below] = t.ink(cells, style);
	const inkTop = MARGIN.top + MINUTES_FORMAT.markFromBlockTop;
	// the office and date on the first grid line that starts a line's height under the 标志's ink
	const line = Math.ceil((inkTop + above + below + LINE_MM / 2 - MARGIN.top) / LINE_MM);
	const office = t.shape(doc.office, BODY);
	const date = t.shape(chineseDay(doc.heldAt), BODY);
	return {
		span: line + 1,
		item: (t, page, top) => {
			t.text(page, cells, at(MARGIN.left + (BLOCK.width - inkWidth(cells, style)) / 2, cells), t.emTopForInk(cells, style, inkTop), style);
			const y = top + line * LINE_MM;
			t.text(page, office, at(MARGIN.left, office), emTop(y, BODY), BODY);
			t.text(page, date, at(MARGIN.left + BLOCK.width - inkWidth(date, BODY), date), emTop(y, BODY), BODY);
			t.rect(page, MARGIN.left, emTop(y, BODY) + BODY.size * MM_PER_PT + MINUTES_FORMAT.ruleGap, BLOCK.width, MINUTES_FORMAT.rule, RED);
		}
	};
}

/** 出席：in 黑体 two characters in, the names in 仿宋, continuation lines under the first name (§10.3). */
function attendance(t: Typesetter, label: string, names: string): Row<Draw>[] {
	const head = t.shape(`${label}：`, LABEL);
	const indent = 2 * ADVANCE_MM;
	const hang = indent + head.reduce((sum, c) => sum + c.width, 0);
	return rowsOf(breakLines([...head, ...t.shape(names || '—', BODY)], BLOCK.width, indent, hang), BODY, 0, BLOCK.width);
}

function minutesBlocks(t: Typesetter, doc: BriefingDocument): Block<Draw>[] {
	const paragraphs = minutesParagraphs(doc);
	const paragraph = (text: string) => textRows(t, text, BODY, { indent: 2 * ADVANCE_MM });
	return [
		{ rows: [head(t, doc), blank()] },
		...paragraphs.slice(0, -1).map((p) => ({ rows: paragraph(p) })),
		// the closing and the attendance stay together: no page holds the names alone
		{ together: true, rows: [...paragraph(paragraphs.at(-1)!), blank(), ...attendance(t, '出席', doc.attendees)] }
	];
}

/** The 纪要 as PDF bytes (MissingGlyphsError when a character is in none of the fonts). */
export function minutesPdf(doc: BriefingDocument, fonts: LetterFonts): Buffer {
	const t = new Typesetter(fonts);
	typesetPages(t, minutesBlocks(t, doc), { firstPageNumbered: true });
	return t.toPdf({ title: minutesMark(doc.title), author: doc.office, date: doc.heldAt.slice(0, 10).replaceAll('/', '-') });
}

