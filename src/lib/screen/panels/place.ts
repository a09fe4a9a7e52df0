import type { Layout, Place } from './layout.ts';

export type PlaceCheck = { ok: true } | { ok: false; message: string };

const overlaps = (a: Place, b: Place) => a.col < b.col + b.w && b.col < a.col + a.w && a.row < b.row + b.h && b.row < a.row + a.h;

/**
 * Whether panel `id` may take `place` on the layout's grid (the editor's drag and arrow keys ask
 * before they change the text): inside the grid and over no other panel; the Chinese refusal says which.
 */
export function checkPlace(layout: Layout, id: string, place: Place): PlaceCheck {
	const { col, row, w, h } = place;
	if (![col, row, w, h].every(Number.isInteger) || w < 1 || h < 1) return { ok: false, message: `面板 ${id} 的宽、高至少为 1 格` };
	if (col < 1 || row < 1 || col + w - 1 > layout.columns || row + h - 1 > layout.rows)
		return { ok: false, message: `面板 ${id} 不能超出网格（${layout.columns} 列 × ${layout.rows} 行），未移动` };
	const under = layout.panels.find((p) => p.id !== id && overlaps(place, p.place));
	if (under) return { ok: false, message: `面板 ${id} 与面板 ${under.id} 位置重叠，未移动` };
	return { ok: true };
}

type Path = (string | number)[];
type Span = [start: number, end: number];

/**
 * Where the value at `path` sits in JSON `text` (which must parse), as [start, end) offsets, or
 * null. Scans the text as JSON.parse reads it (a repeated key: the last one counts), so a value
 * can be replaced while everything else stays exactly as typed.
 */
export function jsonValueSpan(text: string, path: Path): Span | null {
	try {
		JSON.parse(text);
	} catch {
		return null;
	}
	let i = 0;
	const space = () => {
		while (/\s/.test(text[i] ?? '')) i++;
	};
	const string = () => {
		const start = i++;
		while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
		i++;
		return JSON.parse(text.slice(start, i)) as string;
	};
	// the span of the value starting at i; `rest` is what is still to be found inside it
	const value = (rest: Path): Span | null => {
		space();
		const start = i;
		let found: Span | null = null;
		if (text[i] === '{' || text[i] === '[') {
			const object = text[i++] === '{';
			space();
			for (let n = 0; text[i] !== (object ? '}' : ']'); n++) {
				const key = object ? string() : n;
				if (object) {
					space();
					i++; // the colon
				}
				const inner = value(rest.slice(1));
				if (rest.length && rest[0] === key) found = inner;
				space();
				if (text[i] === ',') i++;
				space();
			}
			i++;
		} else if (text[i] === '"') string();
		else while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
		return rest.length ? found : [start, i];
	};
	return value(path);
}

/**
 * The editor's text with panel `index`'s place replaced by `place`: only that value changes
 * (written on one line, as the editor shows panels). Text the scan cannot follow is written
 * again whole, with 2-space indentation.
 */
export function withPlace(text: string, index: number, place: Place): string {
	const value = JSON.stringify({ col: place.col, row: place.row, w: place.w, h: place.h });
	const span = jsonValueSpan(text, ['panels', index, 'place']);
	if (span) return text.slice(0, span[0]) + value + text.slice(span[1]);
	const whole = JSON.parse(text) as { panels: { place: Place }[] };
	whole.panels[index].place = { ...place };
	return JSON.stringify(whole, null, 2);
}
