import yauzl from 'yauzl';

/**
 * A zip read the careful way (issue #15: a 2 MB upload inflated to gigabytes). The central
 * directory is read first and the file refused by entry count, each entry's and the total
 * declared inflated size, and the compression ratio; then only the entries asked for are
 * inflated, streaming, counting the bytes that really come out: an entry that yields more than
 * its directory declared, or a total past the cap, is stopped mid-stream.
 */
export const ZIP_LIMITS = {
	/** a ledger workbook has a dozen entries; a thousand is generous */
	entries: 1000,
	/** declared inflated size of any one entry, and of all of them together */
	entryBytes: 64 * 1024 * 1024,
	totalBytes: 256 * 1024 * 1024,
	/** declared inflated / compressed, for entries larger than ratioFloor (XML compresses 5–30×, zeros 1,000×) */
	ratio: 100,
	ratioFloor: 1024 * 1024,
	/** bytes actually inflated across every entry read */
	inflateBytes: 64 * 1024 * 1024
};
export type ZipLimits = typeof ZIP_LIMITS;

export class ZipRefusal extends Error {}

const DAMAGED = '无法读取该 Excel 文件，文件可能已损坏或不是 .xlsx 格式';
const mb = (bytes: number) => Math.ceil(bytes / (1024 * 1024));
/** an entry's name as it may appear in a message: it comes from the uploader */
const shown = (name: string) => name.replace(/[^\p{L}\p{N}._/\-[\] ]/gu, '?').slice(0, 60);

export type Zip = {
	has: (name: string) => boolean;
	/** the inflated entry, or null when there is none; throws ZipRefusal past a limit */
	read: (name: string) => Promise<Buffer | null>;
};

/** Opens a zip and checks its directory; the answer is the zip, or a message saying why it is refused. */
export async function openZip(bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS): Promise<Zip | string> {
	let zip: yauzl.ZipFile;
	try {
		zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, validateEntrySizes: true, decodeStrings: false });
	} catch {
		return DAMAGED;
	}
	if (zip.entryCount > limits.entries) return `该 Excel 文件包含 ${zip.entryCount} 个压缩条目，超过上限 ${limits.entries} 个，已拒绝`;
	let entries: Map<string, yauzl.Entry>;
	try {
		entries = await directoryOf(zip, limits);
	} catch (e) {
		if (e instanceof ZipRefusal) return e.message;
		return DAMAGED;
	}
	let inflated = 0;
	return {
		has: (name) => entries.has(name),
		async read(name) {
			const entry = entries.get(name);
			if (!entry) return null;
			const chunks: Buffer[] = [];
			let size = 0;
			let stream;
			try {
				stream = await zip.openReadStreamPromise(entry);
			} catch {
				throw new ZipRefusal(DAMAGED);
			}
			try {
				for await (const chunk of stream as AsyncIterable<Buffer>) {
					size += chunk.length;
					inflated += chunk.length;
					if (size > entry.uncompressedSize) throw new ZipRefusal(`文件中的“${shown(name)}”解压后比文件目录记录的更大，文件已损坏或被篡改，已拒绝`);
					if (inflated > limits.inflateBytes) throw new ZipRefusal(`文件解压后超过 ${mb(limits.inflateBytes)} MB，已拒绝；请拆分后分批导入`);
					chunks.push(chunk);
				}
			} catch (e) {
				stream.destroy();
				if (e instanceof ZipRefusal) throw e;
				// yauzl's own size check, or data that does not inflate
				throw new ZipRefusal(`文件中的“${shown(name)}”无法解压，文件已损坏或被篡改，已拒绝`);
			}
			return Buffer.concat(chunks, size);
		}
	};
}

/** Every entry of the central directory, by name, each checked against the limits. */
function directoryOf(zip: yauzl.ZipFile, limits: ZipLimits): Promise<Map<string, yauzl.Entry>> {
	return new Promise((resolve, reject) => {
		const entries = new Map<string, yauzl.Entry>();
		let total = 0;
		zip.on('error', reject);
		zip.on('end', () => resolve(entries));
		zip.on('entry', (entry: yauzl.Entry) => {
			// names as bytes: yauzl's own decoding refuses a leading slash, which some writers put and Excel reads
			const name = Buffer.from(entry.fileName as unknown as Uint8Array).toString('utf8').replace(/^\/+/, '');
			const refuse = (message: string) => {
				zip.close();
				reject(new ZipRefusal(message));
			};
			if (entry.isEncrypted()) return refuse('该 Excel 文件已加密，请取消密码保护后再上传');
			if (entries.has(name)) return refuse(`文件中有两个“${shown(name)}”，文件已损坏或被篡改，已拒绝`);
			const declared = entry.uncompressedSize;
			if (declared > limits.entryBytes)
				return refuse(`文件中的“${shown(name)}”解压后为 ${mb(declared)} MB，超过单项上限 ${mb(limits.entryBytes)} MB，已拒绝`);
			total += declared;
			if (total > limits.totalBytes) return refuse(`文件解压后超过 ${mb(limits.totalBytes)} MB，已拒绝；请删去图片等内容或拆分后分批导入`);
			if (declared > limits.ratioFloor && declared > limits.ratio * Math.max(entry.compressedSize, 1))
				return refuse(`文件中的“${shown(name)}”压缩比异常（约 ${Math.round(declared / Math.max(entry.compressedSize, 1))} 倍），疑似恶意构造的文件，已拒绝`);
			if (!name.endsWith('/')) entries.set(name, entry);
			zip.readEntry();
		});
		zip.readEntry();
	});
}
