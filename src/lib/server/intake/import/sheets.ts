/**
 * Which sheets a workbook has, in order, and where each sheet's part lies: read from
 * xl/workbook.xml and its relationships, so only the sheet wanted is inflated.
 */
export type SheetPart = { name: string; path: string };

const unescape = (text: string) =>
	text.replace(/&(?:#x([0-9a-f]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/gi, (_, hex, dec, named) => {
		if (named) return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[named.toLowerCase() as 'amp'];
		const code = hex ? parseInt(hex, 16) : Number(dec);
		return code <= 0x10ffff ? String.fromCodePoint(code) : '';
	});

const attribute = (tag: string, name: RegExp) => {
	const match = new RegExp(`\\s${name.source}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
	return match ? unescape(match[1] ?? match[2]) : undefined;
};

/** A relationship target as a path inside the zip (relative ones are relative to xl/). */
export function partPath(target: string): string {
	const parts: string[] = [];
	for (const piece of (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/')) {
		if (piece === '..') parts.pop();
		else if (piece !== '.' && piece !== '') parts.push(piece);
	}
	return parts.join('/');
}

/** The sheets in workbook order; those that are not worksheets (chart sheets) are left out. */
export function sheetsOf(workbookXml: string, relsXml: string): SheetPart[] {
	const targets = new Map<string, string>();
	for (const [tag] of relsXml.matchAll(/<(?:[\w.-]+:)?Relationship\s[^>]*>/g)) {
		const id = attribute(tag, /Id/);
		const target = attribute(tag, /Target/);
		if (id !== undefined && target !== undefined) targets.set(id, target);
	}
	const sheets: SheetPart[] = [];
	for (const [tag] of workbookXml.matchAll(/<(?:[\w.-]+:)?sheet\s[^>]*>/g)) {
		const target = targets.get(attribute(tag, /[\w.-]+:id/) ?? '');
		if (target === undefined) continue;
		const path = partPath(target);
		if (/^xl\/worksheets\/sheet\d+\.xml$/.test(path)) sheets.push({ name: attribute(tag, /name/) ?? '', path });
	}
	return sheets;
}

/** The sheets to try, in order: those named 台账 first, then the rest. */
export const sheetOrder = (sheets: SheetPart[]) => [...sheets.filter((s) => s.name.includes('台账')), ...sheets.filter((s) => !s.name.includes('台账'))];

/** A sheet's relationships path: xl/worksheets/_rels/sheet1.xml.rels. */
export const relsPathOf = (path: string) => path.replace(/([^/]+)$/, '_rels/$1.rels');

/** Only a sheet's hyperlinks of its relationships: drawings, comments and tables are not inflated, so not referred to. */
export function hyperlinksOnly(relsXml: string): string {
	const kept = [...relsXml.matchAll(/<(?:[\w.-]+:)?Relationship\s[^>]*>/g)].map(([tag]) => tag).filter((tag) => /\/hyperlink["']/.test(tag));
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${kept.join('')}</Relationships>`;
}

const PARTS = 'drawing|legacyDrawing|legacyDrawingHF|picture|tableParts|oleObjects|controls';
/** The sheet without its references to drawings, pictures, tables and controls (they follow the cells). */
export function cellsOnly(sheetXml: Buffer): Buffer {
	const end = sheetXml.lastIndexOf('</sheetData>');
	if (end < 0) return sheetXml;
	const tail = sheetXml
		.subarray(end)
		.toString('utf8')
		.replace(new RegExp(`<((?:[\\w.-]+:)?(?:${PARTS}))\\b[^>]*?\\/>`, 'g'), '')
		.replace(new RegExp(`<((?:[\\w.-]+:)?(?:${PARTS}))\\b[^>]*>[\\s\\S]*?<\\/\\1>`, 'g'), '');
	return Buffer.concat([sheetXml.subarray(0, end), Buffer.from(tail)]);
}
