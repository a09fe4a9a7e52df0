import { crc32 } from 'node:zlib';

/**
 * A zip of already-inflated entries, stored without compression: how the few entries a sheet
 * needs are handed to the Excel library, which otherwise inflates every entry of the upload.
 */
export function storedZip(entries: { name: string; data: Uint8Array }[]): Buffer {
	const parts: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const { name, data } of entries) {
		const fileName = Buffer.from(name);
		const crc = crc32(data) >>> 0;
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(10, 4);
		local.writeUInt16LE(0x0800, 6);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(fileName.length, 26);
		const header = Buffer.alloc(46);
		header.writeUInt32LE(0x02014b50, 0);
		header.writeUInt16LE(10, 4);
		header.writeUInt16LE(10, 6);
		header.writeUInt16LE(0x0800, 8);
		header.writeUInt32LE(crc, 16);
		header.writeUInt32LE(data.length, 20);
		header.writeUInt32LE(data.length, 24);
		header.writeUInt16LE(fileName.length, 28);
		header.writeUInt32LE(offset, 42);
		parts.push(local, fileName, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
		central.push(header, fileName);
		offset += 30 + fileName.length + data.length;
	}
	const directory = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...parts, directory, end]);
}
