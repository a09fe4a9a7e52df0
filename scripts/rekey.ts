// npm run rekey: moves every sealed ID number and phone to the current personal-data key, in
// batches with progress; stopped halfway, run it again and it takes up what is left.
// npm run rekey -- --add-key: adds a new key to the key file and makes it current (then restart
// every node so each holds the new key, and run npm run rekey). See README, 个人信息加密存储.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { connect } from '../src/lib/server/db/connection.ts';
import { dataFolder, openTarget } from '../src/lib/server/ops/target.ts';
import { convertPlaintext, rekey, staleValues } from '../src/lib/server/personal-data/jobs.ts';
import { addKey, loadKeyring, setKeyring } from '../src/lib/server/personal-data/keyring.ts';
import { keyIdsInUse, registerKeys } from '../src/lib/server/personal-data/store.ts';
import { option, runCommand } from './ops-cli.ts';

await runCommand('更换密钥', async (log) => {
	const source = await loadKeyring(process.env, dataFolder(process.env), log, { create: false });
	if (!source) throw new Error('找不到个人信息密钥文件：请设置 PERSONAL_DATA_KEY_FILE（或 PERSONAL_DATA_KEY）');
	if (process.argv.includes('--add-key')) {
		if (!source.file) throw new Error('密钥来自环境变量 PERSONAL_DATA_KEY：请在其中加入新密钥并设为 current（格式见 README）');
		const { text, id } = addKey(await readFile(source.file, 'utf8'));
		await writeFile(`${source.file}.new`, text, { mode: 0o600 });
		await rename(`${source.file}.new`, source.file);
		log(`已在 ${source.file} 加入密钥 ${id} 并设为当前密钥。请把新密钥文件分发到每个节点并重启，然后运行 npm run rekey`);
		return;
	}
	const batch = Number(option('batch', '2000'));
	if (!Number.isInteger(batch) || batch < 1 || batch > 100_000) throw new Error(`--batch=${option('batch', '')} 无效（1–100000）`);
	const ring = source.ring;
	setKeyring(ring);
	const target = await openTarget(process.env, log);
	const sql = connect(target.url, { max: 2, appName: 'liaowang-rekey' });
	try {
		await registerKeys(sql, ring);
		await convertPlaintext(sql, ring, { batch, onProgress: (done, total) => log(`明文转换：${done} / ${total}`) });
		log(`当前密钥 ${ring.current.id}：待重新加密 ${await staleValues(sql, ring)} 个值`);
		let last = 0;
		const done = await rekey(sql, ring, {
			batch,
			onProgress: (d, total) => {
				if (d === total || Date.now() - last > 2000) log(`重新加密：${d} / ${total} 名信访人`);
				if (d !== total) last = Date.now();
			}
		});
		const left = await staleValues(sql, ring);
		if (left > 0) throw new Error(`仍有 ${left} 个值未换到密钥 ${ring.current.id}（可再次运行）`);
		const inUse = await keyIdsInUse(sql);
		const old = [...ring.keys.keys()].filter((id) => !inUse.includes(id));
		log(`完成：${done} 名信访人的个人信息已换到密钥 ${ring.current.id}${old.length ? `；旧密钥 ${old.join('、')} 已不再使用，可在所有节点更新后从密钥文件中删除（备份仍需要它们）` : ''}`);
	} finally {
		await sql.end({ timeout: 5 });
		await target.close();
	}
});
