/**
 * Chinese line breaking for the letter's grid, as a pure function of the text and the widths.
 * A line may break between any two Chinese characters, and at spaces; a run of Latin letters
 * and digits (a date, a number) never breaks unless it is wider than the line; a serial breaks
 * after its hyphens (370102-20261001-000017), so a long one never leaves a line stretched. Basic
 * 禁则: no line starts with closing punctuation (，。、；：？！）」》 …), none ends with an
 * opening one (（「《 …) — the character before moves down with it instead.
 */

/** One character and how much of the line it takes (its advance plus letter spacing). */
export type Cell = { char: string; width: number };
/** A broken line: its cells, where an expansion may go before each cell, and whether it ends its paragraph. */
export type Line<C extends Cell = Cell> = { cells: C[]; opens: boolean[]; indent: number; last: boolean };

export const NO_LINE_START = new Set(Array.from('，。、；：？！）」』》〉】〕〗〙〛”’…‥—～·%‰℃,.;:?!)]}、'));
export const NO_LINE_END = new Set(Array.from('（「『《〈【〔〖〘〚“‘([{'));

/** Letters, digits and the punctuation inside them (2026-12-01, No.3, 3.5%) hold together as one word. */
const WORD = /[\p{Script=Latin}\p{Nd}\-./:#&+_@%'’,]/u;

type Token<C extends Cell> = { cells: C[]; space: boolean };

function tokenize<C extends Cell>(cells: C[]): Token<C>[] {
	const tokens: Token<C>[] = [];
	for (const cell of cells) {
		const space = /\s/.test(cell.char);
		const prev = tokens.at(-1);
		const prevChar = prev?.cells.at(-1)?.char ?? '';
		const joins = prevChar !== '-' || !/\p{Nd}/u.test(cell.char); // 370102-|20261001: a break may follow a serial's hyphen
		if (prev && !space && !prev.space && joins && WORD.test(cell.char) && WORD.test(prevChar) && /[\p{Script=Latin}\p{Nd}]/u.test(prev.cells[0].char)) prev.cells.push(cell);
		else tokens.push({ cells: [cell], space });
	}
	return tokens;
}

const widthOf = (t: Token<Cell>) => t.cells.reduce((sum, c) => sum + c.width, 0);
const EPSILON = 1e-6;

/**
 * Breaks a paragraph into lines of `width` (the first indented by `indent`, the others by
 * `hang`), greedily, then moves characters down where a break would leave a 禁则 violation.
 */
export function breakLines<C extends Cell>(cells: C[], width: number, indent = 0, hang = 0): Line<C>[] {
	const tokens = tokenize(cells);
	const lines: Line<C>[] = [];
	let i = 0;
	while (i < tokens.length) {
		while (i < tokens.length && tokens[i].space && lines.length > 0) i++;
		if (i >= tokens.length) break;
		const lead = lines.length === 0 ? indent : hang;
		let used = lead;
		let j = i;
		while (j < tokens.length && used + widthOf(tokens[j]) <= width + EPSILON) used += widthOf(tokens[j++]);
		if (j === i && tokens[i].cells.length > 1) {
			// one word wider than the line: it breaks by characters
			tokens.splice(i, 1, ...tokens[i].cells.map((c) => ({ cells: [c], space: false })));
			continue;
		}
		if (j === i) j = i + 1; // a single character wider than the line still takes a line of its own
		let k = j;
		const bad = (at: number) => forbidden(tokens, at);
		while (k > i + 1 && bad(k)) k--;
		if (bad(k)) k = j; // nothing to move down: the break stays where it fell
		let end = k;
		while (end > i + 1 && tokens[end - 1].space) end--; // spaces at a line's end are not drawn
		lines.push(lineOf(tokens.slice(i, end), lead, k >= tokens.length));
		i = k;
	}
	if (lines.length) lines[lines.length - 1].last = true;
	return lines;
}

/** A break before token `at` would start a line with closing punctuation or end one with opening punctuation. */
const forbidden = (tokens: Token<Cell>[], at: number) =>
	at < tokens.length && !tokens[at].space && !tokens[at - 1].space && (NO_LINE_START.has(tokens[at].cells[0].char) || NO_LINE_END.has(tokens[at - 1].cells.at(-1)!.char));

const lineOf = <C extends Cell>(picked: Token<C>[], indent: number, last: boolean): Line<C> => ({
	cells: picked.flatMap((t) => t.cells),
	opens: picked.flatMap((t, n) => t.cells.map((_, c) => n > 0 && c === 0)),
	indent,
	last
});

/**
 * A title's lines (GB/T 9704 7.3.1: 回行时，要做到词意完整，排列对称): broken only at `breaks`
 * (code-point offsets where a phrase ends, title-breaks.ts), in as few lines as that allows and
 * balanced in length; no line of a single character. Only a phrase wider than a whole line is cut
 * inside (between characters, 禁则 kept), and only when nothing else fits.
 */
export function breakTitle<C extends Cell>(cells: C[], width: number, breaks: Set<number>): Line<C>[] {
	const tokens = tokenize(cells);
	if (tokens.some((t) => t.space) || breakLines(cells, width).length < 2) return breakLines(cells, width);
	const n = tokens.length;
	const offsets = [0];
	for (const t of tokens) offsets.push(offsets.at(-1)! + t.cells.length);
	// the phrase each boundary falls inside, and whether that phrase is too wide for a line
	const ends = [...breaks].filter((b) => b > 0 && b < offsets[n]).sort((a, b) => a - b);
	const phraseWidth = (from: number, to: number) => cells.slice(from, to).reduce((sum, c) => sum + c.width, 0);
	const tooWide = (offset: number) => {
		const from = [0, ...ends].filter((e) => e <= offset).at(-1)!;
		const to = [...ends, offsets[n]].find((e) => e > offset)!;
		return phraseWidth(from, to) > width + EPSILON;
	};
	const penalty = 4;
	const costOf = (t: number) => (breaks.has(offsets[t]) ? 0 : tooWide(offsets[t]) && !forbidden(tokens, t) ? penalty : Infinity);
	const breakCost = tokens.map((_, t) => (t === 0 ? 0 : costOf(t)));
	const least = breakLines(cells, width).length;
	for (let count = least; count <= least + 3; count++) {
		// cost[l][t]: the best l lines holding the first t tokens; from[l][t]: where the last of them starts
		const cost = Array.from({ length: count + 1 }, () => new Array<number>(n + 1).fill(Infinity));
		const from = Array.from({ length: count + 1 }, () => new Array<number>(n + 1).fill(-1));
		cost[0][0] = 0;
		for (let l = 1; l <= count; l++)
			for (let t = 1; t <= n; t++) {
				const end = t < n ? breakCost[t] : 0;
				if (end === Infinity) continue;
				let used = 0;
				for (let s = t - 1; s >= 0; s--) {
					used += widthOf(tokens[s]);
					if (used > width + EPSILON) break;
					if (cost[l - 1][s] === Infinity || offsets[t] - offsets[s] < 2) continue;
					// raggedness as a share of the line, rounded: the same title measured in mm (the PDF) or in ems (the .docx) breaks the same way
					const c = cost[l - 1][s] + Math.round(((width - used) / width) ** 2 * 1e9) / 1e9 + end;
					if (c < cost[l][t]) [cost[l][t], from[l][t]] = [c, s];
				}
			}
		if (cost[count][n] === Infinity) continue;
		const lines: Line<C>[] = [];
		for (let l = count, t = n; l > 0; t = from[l][t], l--) lines.unshift(lineOf(tokens.slice(from[l][t], t), 0, t === n));
		return lines;
	}
	return breakLines(cells, width);
}

/** Cells measured in ems without a font: a Chinese character (or full-width sign) one em, ASCII half of one (the .docx's title breaks, unit tests). */
export const emCells = (text: string): Cell[] => Array.from(text, (char) => ({ char, width: /[\x20-\x7e]/.test(char) ? 0.5 : 1 }));

export type Align = 'justify' | 'start' | 'center' | 'end';

/**
 * Where each cell of a line starts, from the line's left edge. A justified line (not the last
 * of its paragraph) spreads what is left over between its words and Chinese characters, never
 * inside a Latin word — and never more than `maxSpread` a gap: a line that would need more (a
 * long word moved down) is set flush left rather than stretched.
 */
export function placeLine(line: Line<Cell>, width: number, align: Align, maxSpread = Infinity): number[] {
	const natural = line.indent + line.cells.reduce((sum, c) => sum + c.width, 0);
	const slack = Math.max(0, width - natural);
	const opens = line.opens.filter(Boolean).length;
	const even = align === 'justify' && !line.last && opens > 0 ? slack / opens : 0;
	const spread = even > maxSpread ? 0 : even;
	let x = align === 'center' ? slack / 2 : align === 'end' ? slack : 0;
	x += line.indent;
	return line.cells.map((cell, n) => {
		if (line.opens[n]) x += spread;
		const at = x;
		x += cell.width;
		return at;
	});
}
