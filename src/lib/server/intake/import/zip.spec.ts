import { describe, expect, it } from 'vitest';
import { zeros, zipOf } from '../../../../../tests/support/zip-bomb.ts';
import { openZip, ZIP_LIMITS, ZipRefusal, type Zip } from './zip.ts';

const text = (s: string) => new TextEncoder().encode(s);
const opened = async (bytes: Uint8Array, limits = ZIP_LIMITS): Promise<Zip> => {
	const zip = await openZip(bytes, limits);
	if (typeof zip === 'string') throw new Error(zip);
	return zip;
};

describe('zip read with limits: the directory first, then only what is asked, counted as it inflates', () => {
	it('reads the entries asked for, and says there is none for a missing one', async () => {
		const zip = await opened(await zipOf([{ name: 'a.xml', data: text('<a/>') }, { name: '/b.xml', data: text('<b/>') }]));
		expect((await zip.read('a.xml'))?.toString()).toBe('<a/>');
		expect((await zip.read('b.xml'))?.toString()).toBe('<b/>');
		expect(await zip.read('c.xml')).toBeNull();
	});

	it('refuses what is not a zip', async () => {
		expect(await openZip(text('PK\u0003\u0004 not really'))).toContain('无法读取该 Excel 文件');
	});

	it('refuses too many entries, one entry too large, too much in all, and two entries of one name — from the directory', async () => {
		const three = await zipOf(['a', 'b', 'c'].map((name) => ({ name, data: text(name) })));
		expect(await openZip(three, { ...ZIP_LIMITS, entries: 2 })).toBe('该 Excel 文件包含 3 个压缩条目，超过上限 2 个，已拒绝');
		const big = await zipOf([{ name: 'x.xml', data: text('x'), declaredSize: 65 * 1024 * 1024 }]);
		expect(await openZip(big)).toBe('文件中的“x.xml”解压后为 65 MB，超过单项上限 64 MB，已拒绝');
		const many = await zipOf(['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, data: text(name), declaredSize: 60 * 1024 * 1024 })));
		expect(await openZip(many, { ...ZIP_LIMITS, ratio: Infinity })).toBe('文件解压后超过 256 MB，已拒绝；请删去图片等内容或拆分后分批导入');
		const twice = await zipOf([{ name: 'a', data: text('1') }, { name: 'a', data: text('2') }]);
		expect(await openZip(twice)).toContain('有两个“a”');
	});

	it('refuses a high compression ratio only above the floor (small parts compress well legitimately)', async () => {
		expect(typeof (await openZip(await zipOf([{ name: 'small.xml', repeat: { chunk: new Uint8Array(1000), times: 1000 } }])))).not.toBe('string');
		expect(await openZip(await zipOf([{ name: 'z.bin', repeat: zeros(2) }]))).toMatch(/^文件中的“z\.bin”压缩比异常（约 \d+ 倍）/);
	});

	it('stops inflating past the total cap and past what the directory declared, mid-stream', async () => {
		const limits = { ...ZIP_LIMITS, ratio: 10_000, inflateBytes: 3 * 1024 * 1024 };
		const zip = await opened(await zipOf([{ name: 'a', repeat: zeros(2) }, { name: 'b', repeat: zeros(2) }]), limits);
		expect((await zip.read('a'))?.length).toBe(2 * 1024 * 1024);
		await expect(zip.read('b')).rejects.toThrow(new ZipRefusal('文件解压后超过 3 MB，已拒绝；请拆分后分批导入'));
		const lying = await opened(await zipOf([{ name: 'c', repeat: zeros(2), declaredSize: 100 }]), limits);
		await expect(lying.read('c')).rejects.toThrow(/“c”.*(无法解压|比文件目录记录的更大)/);
	});

	it('refuses names a message must not echo raw', async () => {
		const big = await zipOf([{ name: 'x\u202e\u0000.xml', data: text('x'), declaredSize: 65 * 1024 * 1024 }]);
		expect(await openZip(big)).toContain('“x??.xml”');
	});
});
