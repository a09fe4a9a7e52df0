import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { TrueTypeFont } from './truetype.ts';

/**
 * A PDF 1.7 file written object by object: numbered objects, Flate streams, the xref table.
 * Fonts go in as Type 0 / CIDFontType2 subsets (Identity-H, CID = the subset's glyph id) with a
 * ToUnicode map, so the text is real text: searchable, copyable, pdftotext gives it back.
 */
export class PdfFile {
	private readonly objects: Buffer[] = [];

	/** Reserves an object number, to be filled by `set` (for objects that refer to each other). */
	reserve(): number {
		this.objects.push(Buffer.alloc(0));
		return this.objects.length;
	}

	set(id: number, body: string | Buffer): number {
		this.objects[id - 1] = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
		return id;
	}

	add(body: string | Buffer): number {
		return this.set(this.reserve(), body);
	}

	/** A Flate stream; `level` 2 for font programs, whose glyph outlines barely compress further at 6 and cost 3× the time. */
	stream(data: Buffer, dict = '', level = 6): number {
		const packed = deflateSync(data, { level });
		return this.add(Buffer.concat([Buffer.from(`<< /Length ${packed.length} /Filter /FlateDecode ${dict}>>\nstream\n`, 'latin1'), packed, Buffer.from('\nendstream', 'latin1')]));
	}

	finish(root: number, info: number): Buffer {
		const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
		let offset = parts[0].length;
		const offsets: number[] = [];
		this.objects.forEach((body, i) => {
			offsets.push(offset);
			const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
			parts.push(chunk);
			offset += chunk.length;
		});
		const id = createHash('md5').update(Buffer.concat(parts)).digest('hex');
		const xref = [`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
		parts.push(Buffer.from(`${xref}trailer\n<< /Size ${offsets.length + 1} /Root ${root} 0 R /Info ${info} 0 R /ID [<${id}> <${id}>] >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
		return Buffer.concat(parts);
	}
}

/** A text string as UTF-16BE hex with its byte-order mark (PDF text strings beyond Latin-1). */
export const textString = (s: string) => `<FEFF${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
const utf16 = (s: string) => Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase();

function toUnicode(order: number[], text: Map<number, string>): Buffer {
	const entries = order.map((g, cid) => [cid, text.get(g)] as const).filter((e): e is readonly [number, string] => !!e[1]);
	const blocks: string[] = [];
	for (let i = 0; i < entries.length; i += 100) {
		const chunk = entries.slice(i, i + 100);
		blocks.push(`${chunk.length} beginbfchar\n${chunk.map(([cid, s]) => `<${hex4(cid)}> <${utf16(s)}>`).join('\n')}\nendbfchar`);
	}
	return Buffer.from(
		`/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n${blocks.join('\n')}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n`,
		'latin1'
	);
}

/**
 * Embeds the glyphs a document used (original glyph id → the text it stands for) and returns
 * the font's object number and the CID of each glyph.
 */
export function embedFont(pdf: PdfFile, font: TrueTypeFont, used: Map<number, string>): { ref: number; cid: Map<number, number> } {
	const glyphs = [...used.keys()].sort((a, b) => a - b);
	const { bytes, newId, order } = font.subset(glyphs);
	// the subset tag: six capitals from the glyph set, so the same letter gives the same bytes
	const digest = createHash('sha1').update(font.name).update(Uint32Array.from(glyphs)).digest();
	const tag = Array.from(digest.subarray(0, 6), (x) => String.fromCharCode(65 + (x % 26))).join('');
	const name = `${tag}+${font.name}`;
	const scale = (v: number) => Math.round((v * 1000) / font.unitsPerEm);
	const file = pdf.stream(bytes, `/Length1 ${bytes.length} `, 2);
	const descriptor = pdf.add(
		`<< /Type /FontDescriptor /FontName /${name} /Flags 4 /FontBBox [${font.bbox.map(scale).join(' ')}] /ItalicAngle 0 /Ascent ${scale(font.ascent)} /Descent ${scale(font.descent)} /CapHeight ${scale(font.ascent)} /StemV 80 /FontFile2 ${file} 0 R >>`
	);
	const widths = order.map((g) => scale(font.advanceOf(g))).join(' ');
	const cidFont = pdf.add(
		`<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW 1000 /W [0 [${widths}]] /CIDToGIDMap /Identity >>`
	);
	const unicode = pdf.stream(toUnicode(order, used));
	const ref = pdf.add(`<< /Type /Font /Subtype /Type0 /BaseFont /${name} /Encoding /Identity-H /DescendantFonts [${cidFont} 0 R] /ToUnicode ${unicode} 0 R >>`);
	return { ref, cid: newId };
}
