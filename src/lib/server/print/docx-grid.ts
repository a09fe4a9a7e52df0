import { AlignmentType, LineRuleType, Paragraph, TextRun } from 'docx';
import { BLOCK, BODY_PT, CHARS, LINE_MM, MM_PER_PT } from './geometry.ts';

/**
 * The shared parts of a .docx on the 公文 grid (三函, 纪要): the office font names (仿宋_GB2312,
 * 方正小标宋简体, 黑体; digits in Times New Roman), exact grid lines, 三号 body runs spaced to the
 * grid's character pitch, and the styles part. print/fonts.conf maps the font names to the faces
 * the PDFs print in where LibreOffice renders a .docx.
 */
export const twips = (mm: number) => Math.round((mm / 25.4) * 1440);
export const pt = (mm: number) => mm / MM_PER_PT;
export const LINE = Math.round(pt(LINE_MM) * 20); // one grid line, in twentieths of a point
export const FONT = {
	body: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' },
	title: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' },
	label: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' }
};
export const RED = 'CC0000';
export type Align = (typeof AlignmentType)[keyof typeof AlignmentType];
type RunOptions = { size?: number; font?: keyof typeof FONT; color?: string; spacing?: number; grid?: boolean };

/**
 * A run. Body text (三号) takes the grid's character pitch, 156/28 mm, by its character spacing
 * (whole twentieths of a point, rounded down so 28 characters always fit); other sizes (`grid:
 * false`: title, table, 版记) keep their natural advance.
 */
export const BODY_SPACING = Math.floor((pt(BLOCK.width / CHARS) - BODY_PT) * 20);
export const run = (text: string, o: RunOptions = {}) =>
	new TextRun({ text, font: FONT[o.font ?? 'body'], size: (o.size ?? BODY_PT) * 2, color: o.color, characterSpacing: o.spacing ?? (o.grid === false ? undefined : BODY_SPACING) });

type LineOptions = { align?: Align; indent?: number; hang?: number; right?: number; keepNext?: boolean; pageBreakBefore?: boolean };
/** A paragraph of whole grid lines: exact line height, nothing before or after. */
export function line(children: TextRun[], o: LineOptions = {}): Paragraph {
	return new Paragraph({
		alignment: o.align ?? AlignmentType.JUSTIFIED,
		spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
		// a hanging paragraph (附件说明, 出席) starts `indent` in, its other lines `hang` in; else the first line is indented
		indent: o.hang
			? { left: twips(o.hang), hanging: twips(o.hang - (o.indent ?? 0)), right: o.right ? twips(o.right) : undefined }
			: { firstLine: o.indent ? twips(o.indent) : undefined, right: o.right ? twips(o.right) : undefined },
		keepNext: o.keepNext,
		pageBreakBefore: o.pageBreakBefore,
		children
	});
}
export const blank = () => line([]);

/**
 * The styles part: 三号 仿宋_GB2312 (digits Times New Roman) as the default, and no extra space
 * between Chinese and Latin letters or digits (autoSpaceDE/DN: Word's and LibreOffice's default adds
 * about a quarter em there, so 2026年1月1日 would not fit its column and no line would hold 28 characters).
 */
export const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="仿宋_GB2312" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="${BODY_PT * 2}"/><w:szCs w:val="${BODY_PT * 2}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/></w:pPr></w:style><w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style><w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/></w:style></w:styles>`;

