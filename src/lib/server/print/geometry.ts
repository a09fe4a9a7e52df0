/**
 * GB/T 9704-2012 page geometry (5.2, 7.1): A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm,
 * 22 lines of 28 characters in 三号 (16 pt). The PDF test measures the rendered page against these.
 */
export const PAGE = { width: 210, height: 297 } as const;
export const MARGIN = { top: 37, left: 28 } as const;
export const BLOCK = { width: 156, height: 225 } as const;
export const LINES = 22;
export const CHARS = 28;

/** 三号 and 二号 in points; 1 pt = 25.4/72 mm. */
export const BODY_PT = 16;
export const TITLE_PT = 22;
export const MM_PER_PT = 25.4 / 72;

/** Line pitch and character advance: 225/22 and 156/28 mm (a 三号 character is 5.64 mm, so the grid packs them a little closer). */
export const LINE_MM = BLOCK.height / LINES;
export const ADVANCE_MM = BLOCK.width / CHARS;
export const LETTER_SPACING_MM = ADVANCE_MM - BODY_PT * MM_PER_PT;

/** Page numbers (4号) sit 7 mm under the text block. */
export const FOLIO_PT = 14;
export const FOLIO_GAP_MM = 7;

/**
 * 信函格式 (GB/T 9704-2012 §10.1), page 1: 发文机关标志 30 mm from the top edge; a red double
 * rule (thick over thin) 4 mm under it and another (thin over thick) 20 mm above the bottom
 * edge, both 170 mm long and centred on the text block; the 文号 flush right under the first at
 * 7/8 of a 三号 character's height. No page number on page 1. Rule weights are not in the
 * standard: 1 mm and 0.35 mm with 0.6 mm between, as offices print them.
 */
export const LETTER_FORMAT = {
	markTop: 30,
	markGap: 4,
	ruleLength: 170,
	bottomRuleFromEdge: 20,
	numberGap: (7 / 8) * BODY_PT * MM_PER_PT,
	thick: 1,
	thin: 0.35,
	between: 0.6
} as const;
/** The double rule's left edge: centred on the text block. */
export const RULE_LEFT = MARGIN.left + (BLOCK.width - LETTER_FORMAT.ruleLength) / 2;
/** Justification never opens a gap wider than a third of a character. */
export const MAX_SPREAD_MM = ADVANCE_MM / 3;
