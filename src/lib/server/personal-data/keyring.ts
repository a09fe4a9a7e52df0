/**
 * Where the personal-data keys come from — never the database: `PERSONAL_DATA_KEY` (the key file's
 * text), else `PERSONAL_DATA_KEY_FILE`, else `personal-data.key` in the data folder, written
 * (mode 0600) on first start when missing. The file is JSON:
 *
 *   { "format": "liaowang-personal-data-keys", "current": 2,
 *     "keys": { "1": "<64 hex>", "2": "<64 hex>" }, "index": "<64 hex>" }
 *
 * Each key is 32 random bytes from which the SM4 key, the MAC key and a fingerprint are derived;
 * `index` keys the blind index and never rotates with the data keys (the matches would break).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deriveDataKey, deriveIndexKey, PersonalDataError, type DataKey, type Keyring } from './codec.ts';

export const KEY_FILE_FORMAT = 'liaowang-personal-data-keys';
export const DEFAULT_KEY_FILE = 'personal-data.key';

type KeyFile = { format: string; current: number; keys: Record<string, string>; index: string };

const HEX64 = /^[0-9a-f]{64}$/i;

/** Parses a key file's text into a keyring; every fault is named in Chinese, no key is ever echoed. */
export function parseKeyring(text: string, source: string): Keyring {
	let file: KeyFile;
	try {
		file = JSON.parse(text);
	} catch {
		throw new PersonalDataError(`${source} 不是有效的密钥文件（应为 JSON）`);
	}
	if (file?.format !== KEY_FILE_FORMAT) throw new PersonalDataError(`${source} 不是瞭望个人信息密钥文件（format 应为 ${KEY_FILE_FORMAT}）`);
	if (typeof file.index !== 'string' || !HEX64.test(file.index)) throw new PersonalDataError(`${source} 的 index 应为 64 位十六进制`);
	const keys = new Map<number, DataKey>();
	for (const [id, hex] of Object.entries(file.keys ?? {})) {
		if (!/^[1-9][0-9]{0,2}$/.test(id) || typeof hex !== 'string' || !HEX64.test(hex)) throw new PersonalDataError(`${source} 的密钥 ${id.slice(0, 8)} 应为编号 1–255、64 位十六进制`);
		keys.set(Number(id), deriveDataKey(Number(id), Buffer.from(hex, 'hex')));
	}
	const current = keys.get(file.current);
	if (!current) throw new PersonalDataError(`${source} 的 current 应为已列出的密钥编号`);
	return { current, keys, index: deriveIndexKey(Buffer.from(file.index, 'hex')) };
}

/** A new key file's text: key 1 current, a fresh index key. */
export function newKeyFile(): string {
	const file: KeyFile = { format: KEY_FILE_FORMAT, current: 1, keys: { '1': randomBytes(32).toString('hex') }, index: randomBytes(32).toString('hex') };
	return JSON.stringify(file, null, 2) + '\n';
}

/** The key file's text with one more key, made current (the key rotation's first step). */
export function addKey(text: string): { text: string; id: number } {
	const file = JSON.parse(text) as KeyFile;
	parseKeyring(text, '密钥文件');
	const id = Math.max(...Object.keys(file.keys).map(Number)) + 1;
	if (id > 255) throw new PersonalDataError('密钥编号已用尽（最多 255 个）');
	file.keys[String(id)] = randomBytes(32).toString('hex');
	file.current = id;
	return { text: JSON.stringify(file, null, 2) + '\n', id };
}

export type KeySource = { ring: Keyring; source: string; created: boolean; file: string | null };

/**
 * The keyring this node uses (see the module comment for the order); `log` hears what was done.
 * With `create: false` (restore, rekey) a missing default file is not made: the answer is null.
 */
export async function loadKeyring(env: Record<string, string | undefined>, dataDir: string, log: (m: string) => void = () => {}, { create = true } = {}): Promise<KeySource | null> {
	if (env.PERSONAL_DATA_KEY) return { ring: parseKeyring(env.PERSONAL_DATA_KEY, '环境变量 PERSONAL_DATA_KEY'), source: 'PERSONAL_DATA_KEY', created: false, file: null };
	const file = path.resolve(env.PERSONAL_DATA_KEY_FILE || path.join(dataDir, DEFAULT_KEY_FILE));
	let created = false;
	if (!env.PERSONAL_DATA_KEY_FILE && create) {
		await mkdir(path.dirname(file), { recursive: true });
		try {
			await writeFile(file, newKeyFile(), { mode: 0o600, flag: 'wx' });
			created = true;
			log(`已生成个人信息加密密钥文件 ${file}（权限 0600）：请与数据分开妥善备份，丢失则无法解密身份证号、电话`);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new PersonalDataError(`无法写入密钥文件 ${file}：${(error as Error).message}`);
		}
	}
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' && !create && !env.PERSONAL_DATA_KEY_FILE) return null;
		throw new PersonalDataError(`无法读取密钥文件 ${file}：${code ?? (error as Error).message}`);
	}
	if (((await stat(file)).mode & 0o077) !== 0) log(`警告：密钥文件 ${file} 可被其他用户读取，请执行 chmod 600`);
	return { ring: parseKeyring(text, file), source: file, created, file };
}

const KEY = Symbol.for('liaowang.personalData');
type Holder = { [KEY]?: Keyring };

/** Installs the keyring the process uses (start-up, the CLI scripts, the tests). */
export function setKeyring(ring: Keyring | undefined): void {
	(globalThis as Holder)[KEY] = ring;
}

/** The keyring in use; a node that started has one. */
export function keyring(): Keyring {
	const ring = (globalThis as Holder)[KEY];
	if (!ring) throw new PersonalDataError('个人信息密钥尚未加载');
	return ring;
}

export const hasKeyring = () => (globalThis as Holder)[KEY] !== undefined;
