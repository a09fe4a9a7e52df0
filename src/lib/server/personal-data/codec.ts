/**
 * Personal data at rest (个人信息加密存储): SM4 (GM/T 0002) in CBC mode with a random IV per value,
 * then an HMAC-SM3 (GM/T 0004) tag over everything before it (encrypt-then-MAC), so a wrong key
 * or a changed byte is refused before anything is decrypted.
 *
 *   byte 0        format version (1)
 *   byte 1        key id (1–255): which key of the keyring sealed the value
 *   bytes 2–17    IV (16 random bytes)
 *   bytes 18…     SM4-CBC ciphertext of the UTF-8 text, PKCS#7 padded (16 bytes per block)
 *   last 16 bytes HMAC-SM3(mac key, bytes 0…end of ciphertext), truncated to 128 bits
 *
 * The blind index is HMAC-SM3 under a separate index key, over a labelled value ("id:…",
 * "phone:…"), so equal values can be found and matched without decrypting anything.
 *
 * The work is OpenSSL's (Node's crypto: SM3 and SM4 are in the OpenSSL of the Node we pin); a Node
 * built without them falls back to sm-crypto, the same algorithms in JavaScript (same bytes, about
 * a tenth of the speed and much garbage: at the simulator's 60× day it was the server's biggest
 * allocator, BENCHMARKS.md P6). The unit tests check both against each other and the standards.
 */
import { createCipheriv, createDecipheriv, createHmac, getCiphers, getHashes, randomBytes, timingSafeEqual } from 'node:crypto';
import smCrypto from 'sm-crypto';

export const FORMAT_VERSION = 1;
const IV_BYTES = 16;
const TAG_BYTES = 16;
const HEADER_BYTES = 2 + IV_BYTES;

/** One data key, as derived from its 32 bytes of key material. */
export type DataKey = { id: number; sm4: Buffer; mac: Buffer; fingerprint: string };

/** The keys a node holds: every data key by id, the one new values use, and the index key. */
export type Keyring = { current: DataKey; keys: ReadonlyMap<number, DataKey>; index: { key: Buffer; fingerprint: string } };

export class PersonalDataError extends Error {}

/** SM3 and SM4 by OpenSSL (true with the pinned Node), else by sm-crypto. */
export const NATIVE_SM = getHashes().includes('sm3') && getCiphers().includes('sm4-cbc');

type Sm = {
	hmac: (key: Uint8Array, data: string | Uint8Array) => Buffer;
	encrypt: (key: Uint8Array, iv: Uint8Array, text: string) => Buffer;
	decrypt: (key: Uint8Array, iv: Uint8Array, body: Uint8Array) => Buffer;
};

/** The algorithms by OpenSSL (PKCS#7 padding is its default). */
export const nativeSm: Sm = {
	hmac: (key, data) => createHmac('sm3', key).update(data).digest(),
	encrypt: (key, iv, text) => {
		const cipher = createCipheriv('sm4-cbc', key, iv);
		return Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
	},
	decrypt: (key, iv, body) => {
		const decipher = createDecipheriv('sm4-cbc', key, iv);
		return Buffer.concat([decipher.update(body), decipher.final()]);
	}
};

/** The same in JavaScript (sm-crypto), for a Node without SM in its OpenSSL. */
export const scriptSm: Sm = {
	hmac: (key, data) => Buffer.from(smCrypto.sm3(typeof data === 'string' ? data : [...data], { key: [...key] }), 'hex'),
	encrypt: (key, iv, text) => Buffer.from(smCrypto.sm4.encrypt(text, [...key], { mode: 'cbc', iv: [...iv], output: 'array' })),
	decrypt: (key, iv, body) => Buffer.from(smCrypto.sm4.decrypt([...body], [...key], { mode: 'cbc', iv: [...iv], output: 'array' }))
};

const sm = NATIVE_SM ? nativeSm : scriptSm;

/** HMAC-SM3 of a UTF-8 string or bytes. */
export function hmacSm3(key: Uint8Array, data: string | Uint8Array): Buffer {
	return sm.hmac(key, data);
}

const derive = (material: Buffer, label: string) => hmacSm3(material, `liaowang/${label}`);

/** A key's working parts from its material: the SM4 key, the MAC key and a public fingerprint. */
export function deriveDataKey(id: number, material: Buffer): DataKey {
	if (!Number.isInteger(id) || id < 1 || id > 255) throw new PersonalDataError(`密钥编号应为 1–255 的整数：${id}`);
	if (material.length !== 32) throw new PersonalDataError(`密钥 ${id} 应为 32 字节（64 位十六进制）`);
	return { id, sm4: derive(material, 'sm4').subarray(0, 16), mac: derive(material, 'mac'), fingerprint: derive(material, 'fingerprint').subarray(0, 8).toString('hex') };
}

export function deriveIndexKey(material: Buffer): Keyring['index'] {
	if (material.length !== 32) throw new PersonalDataError('索引密钥应为 32 字节（64 位十六进制）');
	return { key: derive(material, 'index'), fingerprint: derive(material, 'index-fingerprint').subarray(0, 8).toString('hex') };
}

const tagOf = (key: DataKey, sealed: Buffer) => hmacSm3(key.mac, sealed).subarray(0, TAG_BYTES);

/** Seals a text under the keyring's current key (a fresh IV each time: equal texts differ). */
export function seal(ring: Keyring, text: string): Buffer {
	const key = ring.current;
	const iv = randomBytes(IV_BYTES);
	const sealed = Buffer.concat([Buffer.from([FORMAT_VERSION, key.id]), iv, sm.encrypt(key.sm4, iv, text)]);
	return Buffer.concat([sealed, tagOf(key, sealed)]);
}

/** The key id a sealed value names (without checking it). */
export const keyIdOf = (value: Uint8Array): number => value[1];

/** Opens a sealed value; refuses an unknown format, a missing key, a wrong key or any changed byte. */
export function open(ring: Keyring, value: Uint8Array): string {
	const bytes = Buffer.from(value);
	if (bytes.length < HEADER_BYTES + 16 + TAG_BYTES || (bytes.length - HEADER_BYTES - TAG_BYTES) % 16 !== 0) throw new PersonalDataError('密文长度不符，数据可能已损坏');
	if (bytes[0] !== FORMAT_VERSION) throw new PersonalDataError(`不支持的密文格式版本 ${bytes[0]}`);
	const key = ring.keys.get(bytes[1]);
	if (!key) throw new PersonalDataError(`缺少密钥 ${bytes[1]}，无法解密（请配置 PERSONAL_DATA_KEY_FILE）`);
	const sealed = bytes.subarray(0, bytes.length - TAG_BYTES);
	if (!timingSafeEqual(tagOf(key, sealed), bytes.subarray(bytes.length - TAG_BYTES))) throw new PersonalDataError(`密文校验失败（密钥 ${key.id} 不符或数据被篡改）`);
	return sm.decrypt(key.sm4, bytes.subarray(2, HEADER_BYTES), bytes.subarray(HEADER_BYTES, bytes.length - TAG_BYTES)).toString('utf8');
}

export const sealOrNull = (ring: Keyring, text: string | null) => (text === null ? null : seal(ring, text));
export const openOrNull = (ring: Keyring, value: Uint8Array | null) => (value === null ? null : open(ring, value));

/** Which values a blind index tells apart; the label keeps an ID number and a phone from ever colliding. */
export type IndexKind = 'id' | 'phone' | 'name+phone';

/** The blind index of a value: HMAC-SM3 under the index key, never reversible without it. */
export function blindIndex(ring: Keyring, kind: IndexKind, value: string): Buffer {
	return hmacSm3(ring.index.key, `${kind}:${value}`);
}
