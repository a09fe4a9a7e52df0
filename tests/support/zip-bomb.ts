import { once } from 'node:events';
import { createDeflateRaw, crc32 } from 'node:zlib';
import yauzl from 'yauzl';

/**
 * Crafted .xlsx files for the zip-bomb tests: a real workbook's entries plus entries that inflate
 * to tens of megabytes (deflated as a stream from one small chunk, so the test itself never holds
 * them), optionally with a central directory that lies about their inflated size.
 */
export type BombEntry = { name: string; data?: Uint8Array; repeat?: { chunk: Uint8Array; times: number; head?: string; tail?: string }; declaredSize?: number };

type Packed = { name: Buffer; crc: number; size: number; declared: number; compressed: Buffer };

async function pack(entry: BombEntry): Promise<Packed> {
	const deflate = createDeflateRaw({ level: 9 });
	const out: Buffer[] = [];
	deflate.on('data', (chunk: Buffer) => out.push(chunk));
	let crc = 0;
	let size = 0;
	const write = async (bytes: Uint8Array) => {
		crc = crc32(bytes, crc);
		size += bytes.length;
		if (!deflate.write(bytes)) await once(deflate, 'drain');
	};
	if (entry.data) await write(entry.data);
	if (entry.repeat) {
		const { chunk, times, head, tail } = entry.repeat;
		if (head) await write(Buffer.from(head));
		for (let i = 0; i < times; i++) await write(chunk);
		if (tail) await write(Buffer.from(tail));
	}
	deflate.end();
	await once(deflate, 'end');
	return { name: Buffer.from(entry.name), crc, size, declared: entry.declaredSize ?? size, compressed: Buffer.concat(out) };
}

/** A zip of the entries (deflated; sizes in the directory as declared). */
export async function zipOf(entries: BombEntry[]): Promise<Uint8Array> {
	const parts: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const entry of entries) {
		const p = await pack(entry);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(0x0800, 6); // UTF-8 names
		local.writeUInt16LE(8, 8);
		local.writeUInt32LE(p.crc >>> 0, 14);
		local.writeUInt32LE(p.compressed.length, 18);
		local.writeUInt32LE(p.declared, 22);
		local.writeUInt16LE(p.name.length, 26);
		const dir = Buffer.alloc(46);
		dir.writeUInt32LE(0x02014b50, 0);
		dir.writeUInt16LE(20, 4);
		dir.writeUInt16LE(20, 6);
		dir.writeUInt16LE(0x0800, 8);
		dir.writeUInt16LE(8, 10);
		dir.writeUInt32LE(p.crc >>> 0, 16);
		dir.writeUInt32LE(p.compressed.length, 20);
		dir.writeUInt32LE(p.declared, 24);
		dir.writeUInt16LE(p.name.length, 28);
		dir.writeUInt32LE(offset, 42);
		parts.push(local, p.name, p.compressed);
		central.push(dir, p.name);
		offset += 30 + p.name.length + p.compressed.length;
	}
	const directory = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return new Uint8Array(Buffer.concat([...parts, directory, end]));
}

/** The entries of a (small, trusted) zip, e.g. one exceljs wrote. */
export async function entriesOf(bytes: Uint8Array): Promise<BombEntry[]> {
	const zip = await yauzl.fromBufferPromise(Buffer.from(bytes), { lazyEntries: true });
	const entries: BombEntry[] = [];
	await new Promise<void>((resolve, reject) => {
		zip.on('entry', (entry: yauzl.Entry) => {
			zip
				.openReadStreamPromise(entry)
				.then(async (stream) => {
					const chunks: Buffer[] = [];
					for await (const chunk of stream) chunks.push(chunk as Buffer);
					entries.push({ name: entry.fileName, data: Buffer.concat(chunks) });
					zip.readEntry();
				})
				.catch(reject);
		});
		zip.on('end', resolve);
		zip.on('error', reject);
		zip.readEntry();
	});
	return entries;
}

/** Megabytes of zeros, in 1 MB chunks. */
export const zeros = (mb: number) => ({ chunk: new Uint8Array(1024 * 1024), times: mb });
