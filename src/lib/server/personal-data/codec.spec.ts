import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { blindIndex, hmacSm3, keyIdOf, NATIVE_SM, nativeSm, open, scriptSm, seal, type Keyring } from './codec.ts';
import { addKey, newKeyFile, parseKeyring } from './keyring.ts';

const hex = (s: string) => [...Buffer.from(s, 'hex')];

describe('SM4 and SM3 known answers (GM/T 0002-2012 附录 A, GM/T 0004-2012 附录 A)', () => {
	it('SM4: the standard single-block example encrypts and decrypts', () => {
		const key = '0123456789abcdeffedcba9876543210';
		const out = smCrypto.sm4.encrypt(hex(key), key, { padding: 'none', output: 'array' });
		expect(Buffer.from(out).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
		expect(Buffer.from(smCrypto.sm4.decrypt(out, key, { padding: 'none', output: 'array' })).toString('hex')).toBe(key);
	});

	it('SM3: "abc" and the 512-bit example', () => {
		expect(smCrypto.sm3('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
		expect(smCrypto.sm3('abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
	});

	it('the pinned Node has SM3 and SM4 in its OpenSSL, and they give the standards’ answers', () => {
		expect(NATIVE_SM).toBe(true);
		const sm4 = createCipheriv('sm4-ecb', Buffer.from('0123456789abcdeffedcba9876543210', 'hex'), null).setAutoPadding(false);
		expect(Buffer.concat([sm4.update(Buffer.from('0123456789abcdeffedcba9876543210', 'hex')), sm4.final()]).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
		expect(createHash('sm3').update('abc').digest('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
	});

	it('HMAC-SM3 by sm-crypto agrees with OpenSSL’s independent implementation, and hmacSm3 with both', () => {
		for (const [key, data] of [['', 'abc'], ['k'.repeat(80), '370102197001011234'], ['0123', '中文与数字 13800000000']]) {
			const openssl = createHmac('sm3', key).update(data).digest('hex');
			expect(scriptSm.hmac(Buffer.from(key), data).toString('hex')).toBe(openssl);
			expect(scriptSm.hmac(Buffer.from(key), Buffer.from(data)).toString('hex')).toBe(openssl);
			expect(hmacSm3(Buffer.from(key), data).toString('hex')).toBe(openssl);
		}
	});

	it('SM4-CBC with PKCS#7 padding: OpenSSL and sm-crypto give the same bytes and open each other’s', () => {
		for (const text of ['', 'a', 'x'.repeat(15), 'x'.repeat(16), 'x'.repeat(17), '370102197001011234', '山东省济南市历下区 1 号', '张'.repeat(40)]) {
			const key = randomBytes(16);
			const iv = randomBytes(16);
			const native = nativeSm.encrypt(key, iv, text);
			expect(native.length % 16).toBe(0);
			expect(scriptSm.encrypt(key, iv, text).equals(native), text).toBe(true);
			expect(scriptSm.decrypt(key, iv, native).toString('utf8')).toBe(text);
			expect(nativeSm.decrypt(key, iv, native).toString('utf8')).toBe(text);
		}
	});
});

describe('sealed values', () => {
	const ring = parseKeyring(newKeyFile(), 'test');

	it('round-trips text with a fresh IV each time and names its key', () => {
		for (const text of ['370102197001011234', '13800000000', '山东省济南市历下区 1 号', 'x'.repeat(16)]) {
			const a = seal(ring, text);
			const b = seal(ring, text);
			expect(a.equals(b)).toBe(false);
			expect(open(ring, a)).toBe(text);
			expect(keyIdOf(a)).toBe(1);
			expect(a[0]).toBe(1);
			expect(a.includes(Buffer.from(text))).toBe(false);
		}
	});

	it('refuses a wrong key, a missing key and any changed byte', () => {
		const other = parseKeyring(newKeyFile(), 'other');
		const sealed = seal(ring, '370102197001011234');
		expect(() => open(other, sealed)).toThrow(/密文校验失败/);
		for (let i = 0; i < sealed.length; i++) {
			const bad = Buffer.from(sealed);
			bad[i] ^= 0x01;
			expect(() => open(ring, bad), `byte ${i}`).toThrow();
		}
		const unknown = Buffer.from(sealed);
		unknown[1] = 9;
		expect(() => open(ring, unknown)).toThrow(/缺少密钥 9/);
		expect(() => open(ring, sealed.subarray(0, 40))).toThrow(/长度/);
	});

	it('a rotated keyring still opens old values and seals new ones under the new key', () => {
		const text = newKeyFile();
		const old = parseKeyring(text, 'old');
		const rotated = parseKeyring(addKey(text).text, 'rotated');
		const before = seal(old, '13912345678');
		expect(rotated.current.id).toBe(2);
		expect(open(rotated, before)).toBe('13912345678');
		expect(keyIdOf(seal(rotated, 'x'))).toBe(2);
		expect(blindIndex(rotated, 'id', '370102197001011234').equals(blindIndex(old, 'id', '370102197001011234'))).toBe(true);
	});
});

describe('blind index', () => {
	const ring = parseKeyring(newKeyFile(), 'test');
	it('is stable, keyed and labelled', () => {
		const a = blindIndex(ring, 'id', '370102197001011234');
		expect(a).toHaveLength(32);
		expect(blindIndex(ring, 'id', '370102197001011234').equals(a)).toBe(true);
		expect(blindIndex(ring, 'phone', '370102197001011234').equals(a)).toBe(false);
		expect(blindIndex(parseKeyring(newKeyFile(), 'x'), 'id', '370102197001011234').equals(a)).toBe(false);
	});
});

describe('key files', () => {
	const good = JSON.parse(newKeyFile());
	const bad = (patch: object) => JSON.stringify({ ...good, ...patch });
	it.each([
		['not JSON', '{', /不是有效的密钥文件/],
		['wrong format', bad({ format: 'x' }), /不是瞭望个人信息密钥文件/],
		['short index', bad({ index: 'ab' }), /index/],
		['bad key id', bad({ keys: { '0': good.keys['1'] } }), /编号 1–255/],
		['short key', bad({ keys: { '1': 'abcd' } }), /64 位/],
		['current missing', bad({ current: 3 }), /current/]
	])('refuses %s without echoing a key', (_, text, message) => {
		let thrown: Error | undefined;
		try {
			parseKeyring(text, 'k.json');
		} catch (error) {
			thrown = error as Error;
		}
		expect(thrown?.message).toMatch(message);
		expect(thrown?.message).not.toContain(good.keys['1']);
		expect(thrown?.message).not.toContain(good.index);
	});
	it('fingerprints tell keys apart and hold no key', () => {
		const ring: Keyring = parseKeyring(addKey(newKeyFile()).text, 'k');
		const [one, two] = [ring.keys.get(1)!, ring.keys.get(2)!];
		expect(one.fingerprint).toMatch(/^[0-9a-f]{16}$/);
		expect(one.fingerprint).not.toBe(two.fingerprint);
	});
});
