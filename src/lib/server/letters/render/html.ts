import { FACES as FONTS } from '../../print/fonts.ts';
import { BLOCK, BODY_PT, CHARS, LETTER_FORMAT, LINES, MARGIN, MM_PER_PT, PAGE, TITLE_PT } from '../../print/geometry.ts';
import { columnLayout } from './attachment-table.ts';
import { attachmentGrid, attachmentTitle, bodyParagraphs, chineseDate, type LetterDocument } from './document.ts';
/** Digits and Latin letters in a Times-class serif, as offices set them; Chinese in the Fandol face. */
const family = (cjk: string) => `'${FONTS.latin}', '${cjk}'`;

/**
 * The on-screen preview's grid: pitch and advance a hair under the exact division (225/22,
 * 156/28), so a browser's layout rounding never pushes the 22nd line or the 28th character over
 * the edge. (The PDF is laid out exactly by letter-pdf.ts.)
 */
const LINE_MM = BLOCK.height / LINES - 0.01;
const ADVANCE_MM = (BLOCK.width - 0.1) / CHARS;
const LETTER_SPACING_MM = ADVANCE_MM - BODY_PT * MM_PER_PT;
const mm = (n: number) => `${n.toFixed(4)}mm`;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Every block is a whole number of lines high, so body text stays on the 22-line grid. */
const lines = (n: number) => mm(n * LINE_MM);
const chars = (n: number) => mm(n * ADVANCE_MM);

const css = `
@page { size: A4; margin: ${MARGIN.top}mm ${PAGE.width - MARGIN.left - BLOCK.width}mm ${PAGE.height - MARGIN.top - BLOCK.height}mm ${MARGIN.left}mm; }
* { margin: 0; padding: 0; box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { width: ${BLOCK.width}mm; font-family: ${family(FONTS.body)}; font-size: ${BODY_PT}pt; line-height: ${lines(1)};
  letter-spacing: ${mm(LETTER_SPACING_MM)}; text-align: justify; color: #000; font-kerning: none; font-variant-east-asian: full-width; }
.mark { position: absolute; top: ${LETTER_FORMAT.markTop}mm; left: ${MARGIN.left}mm; width: ${BLOCK.width}mm; line-height: 1; text-align: center; color: #c00; font-family: ${family(FONTS.title)}; font-weight: 400;
  font-size: 30pt; letter-spacing: 4mm; }
.rule { position: absolute; left: ${MARGIN.left + (BLOCK.width - LETTER_FORMAT.ruleLength) / 2}mm; width: ${LETTER_FORMAT.ruleLength}mm; height: ${LETTER_FORMAT.thick + LETTER_FORMAT.between + LETTER_FORMAT.thin}mm; }
.rule.top { top: ${mm(LETTER_FORMAT.markTop + 30 * MM_PER_PT + LETTER_FORMAT.markGap)}; border-top: ${LETTER_FORMAT.thick}mm solid #c00; border-bottom: ${LETTER_FORMAT.thin}mm solid #c00; }
.rule.bottom { top: ${mm(PAGE.height - LETTER_FORMAT.bottomRuleFromEdge - LETTER_FORMAT.thick - LETTER_FORMAT.between - LETTER_FORMAT.thin)}; border-top: ${LETTER_FORMAT.thin}mm solid #c00; border-bottom: ${LETTER_FORMAT.thick}mm solid #c00; }
.head { height: ${lines(2)}; position: relative; }
.number { position: absolute; right: 0; bottom: 0; line-height: 1; }
.title { font-family: ${family(FONTS.title)}; font-weight: 400; font-size: ${TITLE_PT}pt; text-align: center; letter-spacing: 0; padding: 0 ${chars(1)}; }
.blank { height: ${lines(1)}; }
p.para { text-indent: ${chars(2)}; }
.attach { text-indent: ${chars(2)}; }
.tail { break-inside: avoid; }
.sign { position: relative; text-align: right; padding-right: ${chars(4)}; }
.sign .by, .sign .date { display: block; }
.sign .by { padding-right: ${chars(0.5)}; }
.seal { position: absolute; width: 42mm; height: 42mm; border: 0.4mm dashed #e06060; border-radius: 50%; right: ${chars(4)}; top: ${mm(2 * LINE_MM - 42)}; }
.record { margin-top: ${lines(1)}; font-size: 14pt; letter-spacing: 0; padding: 0 ${chars(1)}; }
.annex { break-before: page; }
.annex .label { font-family: ${family(FONTS.label)}; }
.annex table { border-collapse: collapse; font-size: 10.5pt; letter-spacing: 0; line-height: ${mm(LINE_MM / 2)}; table-layout: fixed; width: ${BLOCK.width}mm; }
.annex td, .annex th { border: 0.25mm solid #000; padding: 0 1mm; font-weight: 400; vertical-align: middle; text-align: left; }
.annex th { font-family: ${family(FONTS.body)}; }
@media screen { html { background: #fff; } body { width: ${PAGE.width}mm; min-height: ${PAGE.height}mm; margin: 0 auto; position: relative;
  padding: ${MARGIN.top}mm ${PAGE.width - MARGIN.left - BLOCK.width}mm ${PAGE.height - MARGIN.top - BLOCK.height}mm ${MARGIN.left}mm; }
  .page1 { min-height: ${BLOCK.height}mm; } .annex { margin-top: ${PAGE.height - MARGIN.top - BLOCK.height + MARGIN.top}mm; position: relative; }
  .annex::before { content: ''; position: absolute; left: -${MARGIN.left}mm; width: ${PAGE.width}mm; top: -${MARGIN.top}mm; border-top: 1px dashed #999; } }
`;

/** The letter as HTML, for the preview before issuing (GB/T 9704 信函格式, with the items as an attachment); the PDF is drawn directly. */
export function letterHtml(doc: LetterDocument): string {
	const body = bodyParagraphs(doc).map((p) => `<p class="para">${escape(p)}</p>`);
	const grid = attachmentGrid(doc);
	const cols = columnLayout(grid.columns).mm.map((w) => `<col style="width:${w}mm">`).join('');
	const head = `<tr>${grid.head.map((c) => `<th>${c}</th>`).join('')}</tr>`;
	const rows = grid.rows.map((cells) => `<tr>${cells.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('');
	// the closing formula, the attachments list and the signature stay together: no page holds a signature alone
	return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(doc.number)}</title><style>${css}</style></head><body>
<div class="page1"><div class="mark">${escape(doc.officeName)}</div><div class="rule top"></div><div class="rule bottom"></div>
<div class="head"><div class="number">${escape(doc.number)}</div></div>
<div class="blank"></div>
<div class="title">${escape(doc.title)}</div>
<div class="blank"></div>
<div class="to">${escape(doc.recipient)}：</div>
${body.slice(0, -1).join('')}
<div class="tail">${body.at(-1)}<div class="blank"></div>
<div class="attach">附件：${escape(attachmentTitle(doc))}</div>
<div class="blank"></div><div class="blank"></div>
<div class="sign"><div class="seal"></div><span class="by">${escape(doc.officeName)}</span><span class="date">${chineseDate(doc.issuedOn)}</span></div></div></div>
<section class="annex"><div class="label">附件</div><div class="blank"></div><div class="title">${escape(attachmentTitle(doc))}</div><div class="blank"></div><table>${cols}${head}${rows}</table></section>
${doc.cc ? `<div class="record">抄送：${escape(doc.cc)}。</div>` : ''}
</body></html>`;
}
