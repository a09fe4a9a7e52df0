import type { Sql } from '../db/connection.ts';
import { StartupError } from '../startup-error.ts';
import { PersonalDataError } from './codec.ts';
import { convertPlaintext } from './jobs.ts';
import { loadKeyring, setKeyring } from './keyring.ts';
import { plaintextRemaining, registerKeys } from './store.ts';

type Hooks = { log: (m: string) => void; progress?: (phase: string, done: number, total: number) => void };

/**
 * At start-up, after the migrations: loads the keys (from outside the database), checks them
 * against the ones recorded, seals any plaintext rows left from before encryption and checks
 * that none remain. `keyDir` is where a missing key file is created (the data folder).
 */
export async function startPersonalData(sql: Sql, keyDir: string, env: Record<string, string | undefined>, { log, progress }: Hooks): Promise<void> {
	try {
		const { ring, source } = (await loadKeyring(env, keyDir, log))!;
		await registerKeys(sql, ring);
		setKeyring(ring);
		log(`个人信息加密：SM4 密钥 ${ring.current.id}（共 ${ring.keys.size} 个，来自 ${source}）`);
		const converted = await convertPlaintext(sql, ring, {
			onProgress: (done, total) => {
				progress?.('个人信息加密', done, total);
				if (done % 20_000 === 0 || done === total) log(`个人信息加密：已转换 ${done} / ${total} 名信访人`);
			}
		});
		const left = await plaintextRemaining(sql);
		if (left > 0) throw new PersonalDataError(`仍有 ${left} 名信访人的身份证号或电话未加密`);
		if (converted > 0) await validateNoPlaintext(sql, log);
	} catch (error) {
		if (error instanceof PersonalDataError) throw new StartupError(error.message, '密钥配置见 README「个人信息加密存储」：PERSONAL_DATA_KEY_FILE 或 PERSONAL_DATA_KEY');
		throw error;
	}
}

/** Turns the NOT VALID check into a checked one (the table owner may; a runtime role may not, and need not). */
async function validateNoPlaintext(sql: Sql, log: (m: string) => void) {
	try {
		await sql`alter table petitioner validate constraint petitioner_no_plaintext`;
	} catch (error) {
		log(`个人信息加密：转换已完成，约束 petitioner_no_plaintext 留待数据库属主校验（${(error as Error).message}）`);
	}
}
