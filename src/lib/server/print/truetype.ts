/**
 * Just enough of TrueType to embed a font in a PDF: read it once (tables, cmap, advances) and
 * cut a subset of the glyphs a document uses. The subset renumbers its glyphs from 0 (.notdef
 * first, then in the order asked for, then composite components), so a PDF's CIDs are its glyph ids.
 */
export type TrueTypeFont = {
	/** the PostScript name (name table id 6) */
	name: string;
	unitsPerEm: number;
	ascent: number;
	descent: number;
	bbox: [number, number, number, number];
	/** glyph id of a code point, 0 when the font has none */
	glyphOf(codePoint: number): number;
	/** advance width in font units */
	advanceOf(glyph: number): number;
	/** the glyph's ink from the baseline, in font units: [lowest, highest] (glyf yMin, yMax; [0, 0] for a blank glyph) */
	inkOf(glyph: number): [number, number];
	subset(glyphs: number[]): { bytes: Buffer; newId: Map<number, number>; order: number[] };
};

type Tables = Map<string, { offset: number; length: number }>;

function readTables(b: Buffer, at: number): Tables {
	const tables: Tables = new Map();
	for (let i = 0, n = b.readUInt16BE(at + 4); i < n; i++) {
		const o = at + 12 + i * 16;
		tables.set(b.toString('latin1', o, o + 4), { offset: b.readUInt32BE(o + 8), length: b.readUInt32BE(o + 12) });
	}
	for (const tag of ['head', 'hhea', 'maxp', 'hmtx', 'loca', 'glyf', 'cmap']) if (!tables.has(tag)) throw new Error(`TrueType 字体缺少 ${tag} 表`);
	return tables;
}

/** The Unicode cmap (format 12 if there is one, else format 4) as a code point → glyph map. */
function readCmap(b: Buffer, at: number): Map<number, number> {
	const subtables: { platform: number; encoding: number; offset: number; format: number }[] = [];
	for (let i = 0, n = b.readUInt16BE(at + 2); i < n; i++) {
		const offset = at + b.readUInt32BE(at + 8 + i * 8);
		subtables.push({ platform: b.readUInt16BE(at + 4 + i * 8), encoding: b.readUInt16BE(at + 6 + i * 8), offset, format: b.readUInt16BE(offset) });
	}
	const unicode = (s: (typeof subtables)[number]) => s.platform === 0 || (s.platform === 3 && (s.encoding === 1 || s.encoding === 10));
	const map = new Map<number, number>();
	const long = subtables.find((s) => unicode(s) && s.format === 12);
	if (long) {
		for (let g = 0, n = b.readUInt32BE(long.offset + 12); g < n; g++) {
			const o = long.offset + 16 + g * 12;
			const [start, end, glyph] = [b.readUInt32BE(o), b.readUInt32BE(o + 4), b.readUInt32BE(o + 8)];
			for (let c = start; c <= end; c++) map.set(c, glyph + c - start);
		}
		return map;
	}
	const short = subtables.find((s) => unicode(s) && s.format === 4);
	if (!short) throw new Error('TrueType 字体没有 Unicode 字符映射（cmap 4 或 12）');
	const o = short.offset;
	const segments = b.readUInt16BE(o + 6) / 2;
	const ends = o + 14, starts = ends + segments * 2 + 2, deltas = starts + segments * 2, ranges = deltas + segments * 2;
	for (let s = 0; s < segments; s++) {
		const end = b.readUInt16BE(ends + s * 2), start = b.readUInt16BE(starts + s * 2);
		const delta = b.readInt16BE(deltas + s * 2), range = b.readUInt16BE(ranges + s * 2);
		for (let c = start; c <= end && c !== 0xffff; c++) {
			let glyph: number;
			if (range === 0) glyph = (c + delta) & 0xffff;
			else {
				glyph = b.readUInt16BE(ranges + s * 2 + range + (c - start) * 2);
				if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
			}
			if (glyph !== 0) map.set(c, glyph);
		}
	}
	return map;
}

function postScriptName(b: Buffer, tables: Tables, fallback: string): string {
	const name = tables.get('name');
	if (!name) return fallback;
	const at = name.offset, strings = at + b.readUInt16BE(at + 4);
	for (let i = 0, n = b.readUInt16BE(at + 2); i < n; i++) {
		const r = at + 6 + i * 12;
		if (b.readUInt16BE(r + 6) !== 6) continue;
		const platform = b.readUInt16BE(r), length = b.readUInt16BE(r + 8), offset = strings + b.readUInt16BE(r + 10);
		const raw = b.subarray(offset, offset + length);
		const text = platform === 3 || platform === 0 ? Buffer.from(raw).swap16().toString('utf16le') : raw.toString('latin1');
		if (/^[\x21-\x7e]+$/.test(text)) return text;
	}
	return fallback;
}

const checksum = (data: Buffer) => {
	let sum = 0;
	const padded = data.length % 4 ? Buffer.concat([data, Buffer.alloc(4 - (data.length % 4))]) : data;
	for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
	return sum;
};

/** An sfnt file from its tables, with the table directory, checksums and head.checkSumAdjustment. */
function writeFont(tables: [string, Buffer][]): Buffer {
	tables.sort(([a], [b]) => (a < b ? -1 : 1));
	const n = tables.length;
	const log = Math.floor(Math.log2(n));
	const header = Buffer.alloc(12 + n * 16);
	header.writeUInt32BE(0x00010000, 0);
	header.writeUInt16BE(n, 4);
	header.writeUInt16BE(2 ** log * 16, 6);
	header.writeUInt16BE(log, 8);
	header.writeUInt16BE(n * 16 - 2 ** log * 16, 10);
	const parts: Buffer[] = [header];
	let offset = header.length;
	tables.forEach(([tag, data], i) => {
		const o = 12 + i * 16;
		header.write(tag, o, 'latin1');
		header.writeUInt32BE(checksum(data), o + 4);
		header.writeUInt32BE(offset, o + 8);
		header.writeUInt32BE(data.length, o + 12);
		const padding = (4 - (data.length % 4)) % 4;
		parts.push(data, Buffer.alloc(padding));
		offset += data.length + padding;
	});
	const file = Buffer.concat(parts);
	const head = tables.findIndex(([tag]) => tag === 'head');
	file.writeUInt32BE((0xb1b0afba - checksum(file)) >>> 0, header.readUInt32BE(12 + head * 16 + 8) + 8);
	return file;
}

/** Reads a TrueType font once (from a collection, `.ttc`, the font at `index`); `subset` then costs only the glyphs it copies. */
export function readTrueType(bytes: Buffer, fallbackName: string, index = 0): TrueTypeFont {
	const b = bytes;
	const collection = b.toString('latin1', 0, 4) === 'ttcf';
	if (collection && index >= b.readUInt32BE(8)) throw new Error(`字体集合中没有第 ${index} 个字体`);
	const tables = readTables(b, collection ? b.readUInt32BE(12 + index * 4) : 0);
	const t = (tag: string) => tables.get(tag)!;
	const head = t('head').offset, hhea = t('hhea').offset, hmtx = t('hmtx').offset, loca = t('loca').offset, glyf = t('glyf').offset;
	const unitsPerEm = b.readUInt16BE(head + 18);
	const longLoca = b.readInt16BE(head + 50) === 1;
	const numGlyphs = b.readUInt16BE(t('maxp').offset + 4);
	const metrics = b.readUInt16BE(hhea + 34);
	const cmap = readCmap(b, t('cmap').offset);
	// hhea's ascender and descender: for the Fandol faces the ideographic em box (880 / −120)
	const ascent = b.readInt16BE(hhea + 4);
	const descent = b.readInt16BE(hhea + 6);

	const glyphRange = (g: number): [number, number] =>
		longLoca ? [b.readUInt32BE(loca + g * 4), b.readUInt32BE(loca + g * 4 + 4)] : [b.readUInt16BE(loca + g * 2) * 2, b.readUInt16BE(loca + g * 2 + 2) * 2];
	const advanceOf = (g: number) => b.readUInt16BE(hmtx + Math.min(g, metrics - 1) * 4);
	const lsbOf = (g: number) => (g < metrics ? b.readInt16BE(hmtx + g * 4 + 2) : b.readInt16BE(hmtx + metrics * 4 + (g - metrics) * 2));

	/** The components of a composite glyph: where each glyph index sits in the glyph's bytes. */
	function components(data: Buffer): { at: number; glyph: number }[] {
		if (data.length === 0 || data.readInt16BE(0) >= 0) return [];
		const out: { at: number; glyph: number }[] = [];
		let p = 10;
		for (;;) {
			const flags = data.readUInt16BE(p);
			out.push({ at: p + 2, glyph: data.readUInt16BE(p + 2) });
			p += 4 + (flags & 0x1 ? 4 : 2) + (flags & 0x8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
			if (!(flags & 0x20)) return out;
		}
	}

	function subset(wanted: number[]) {
		const order: number[] = [0];
		const newId = new Map<number, number>([[0, 0]]);
		const add = (g: number) => {
			if (newId.has(g) || g >= numGlyphs) return;
			newId.set(g, order.length);
			order.push(g);
		};
		wanted.forEach(add);
		for (let i = 0; i < order.length; i++) {
			const [from, to] = glyphRange(order[i]);
			for (const c of components(b.subarray(glyf + from, glyf + to))) add(c.glyph);
		}
		const glyphs: Buffer[] = [];
		const newLoca = Buffer.alloc((order.length + 1) * 4);
		const newHmtx = Buffer.alloc(order.length * 4);
		let offset = 0;
		order.forEach((g, i) => {
			const [from, to] = glyphRange(g);
			let data = b.subarray(glyf + from, glyf + to);
			const parts = components(data);
			if (parts.length) {
				data = Buffer.from(data);
				for (const c of parts) data.writeUInt16BE(newId.get(c.glyph) ?? 0, c.at);
			}
			const padded = data.length % 2 ? Buffer.concat([data, Buffer.alloc(1)]) : data;
			glyphs.push(padded);
			newLoca.writeUInt32BE(offset, i * 4);
			offset += padded.length;
			newHmtx.writeUInt16BE(advanceOf(g), i * 4);
			newHmtx.writeInt16BE(lsbOf(g), i * 4 + 2);
		});
		newLoca.writeUInt32BE(offset, order.length * 4);
		const copy = (tag: string) => Buffer.from(b.subarray(t(tag).offset, t(tag).offset + t(tag).length));
		const newHead = copy('head');
		newHead.writeUInt32BE(0, 8);
		newHead.writeInt16BE(1, 50);
		const newHhea = copy('hhea');
		newHhea.writeUInt16BE(order.length, 34);
		const newMaxp = copy('maxp');
		newMaxp.writeUInt16BE(order.length, 4);
		const post = Buffer.alloc(32);
		if (tables.has('post')) copy('post').copy(post, 0, 0, 32);
		post.writeUInt32BE(0x00030000, 0); // no glyph names: the renumbered glyphs would not match them
		const out: [string, Buffer][] = [
			['head', newHead], ['hhea', newHhea], ['maxp', newMaxp], ['hmtx', newHmtx], ['loca', newLoca], ['glyf', Buffer.concat(glyphs)], ['post', post],
			...['cvt ', 'fpgm', 'prep', 'OS/2', 'name'].filter((tag) => tables.has(tag)).map((tag): [string, Buffer] => [tag, copy(tag)])
		];
		return { bytes: writeFont(out), newId, order };
	}

	return {
		name: postScriptName(b, tables, fallbackName),
		unitsPerEm,
		ascent,
		descent,
		bbox: [b.readInt16BE(head + 36), b.readInt16BE(head + 38), b.readInt16BE(head + 40), b.readInt16BE(head + 42)],
		glyphOf: (c) => cmap.get(c) ?? 0,
		advanceOf,
		inkOf: (g) => {
			const [from, to] = glyphRange(g);
			return to - from >= 10 ? [b.readInt16BE(glyf + from + 4), b.readInt16BE(glyf + from + 8)] : [0, 0];
		},
		subset
	};
}
