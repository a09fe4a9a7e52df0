/**
 * Pagination on the 22-line grid, as a pure function: rows (each a whole number of grid lines)
 * in blocks, placed page by page.
 * - `together`: the block moves to the next page whole rather than split (the closing formula,
 *   附件说明 and signature: no page holds a signature alone);
 * - `newPage`: the block starts a page (the attachment);
 * - `foot`: the block sits at the foot of the page, its last row on the page's last line, or at
 *   the foot of a new page when the page has no room left for it (the 版记).
 */
export type Row<T> = { span: number; item: T };
export type Block<T> = { rows: Row<T>[]; together?: boolean; newPage?: boolean; foot?: boolean };
export type Placed<T> = { line: number; span: number; item: T };

export function paginate<T>(blocks: Block<T>[], linesPerPage: number): Placed<T>[][] {
	const pages: Placed<T>[][] = [[]];
	let line = 0;
	const next = () => {
		pages.push([]);
		line = 0;
	};
	const place = (row: Row<T>) => {
		if (line + row.span > linesPerPage && line > 0) next();
		pages.at(-1)!.push({ line, span: row.span, item: row.item });
		line += row.span;
	};
	for (const block of blocks) {
		const height = block.rows.reduce((sum, r) => sum + r.span, 0);
		if (block.newPage && line > 0) next();
		if (block.foot) {
			if (line > 0 && line + height > linesPerPage) next();
			line = Math.max(line, linesPerPage - height);
			block.rows.forEach(place);
			continue;
		}
		if (block.together && line + height > linesPerPage && height <= linesPerPage && line > 0) next();
		block.rows.forEach(place);
	}
	return pages;
}
