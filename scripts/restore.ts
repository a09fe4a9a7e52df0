// npm run restore -- BACKUP_DIR: brings a backup back into an EMPTY database (DATABASE_URL, else
// the embedded one in LIAOWANG_DATA_DIR). Refuses a backup from a newer version, or one whose personal
// data this machine has no key for (--without-key: restore anyway). See README, 运维.
import path from 'node:path';
import { readBackup, restore } from '../src/lib/server/ops/restore.ts';
import { dataFolder, openTarget } from '../src/lib/server/ops/target.ts';
import { loadKeyring } from '../src/lib/server/personal-data/keyring.ts';
import { runCommand } from './ops-cli.ts';

await runCommand('恢复', async (log) => {
	const dir = process.argv.slice(2).find((a) => !a.startsWith('--'));
	if (!dir) throw new Error('请指定备份目录：npm run restore -- backups/liaowang-backup-…');
	const checked = await readBackup(path.resolve(dir), log); // refuse a bad or newer backup before starting any database
	// the keys the restored data will be read with: configured, or the data folder's file (never made here)
	const keys = (await loadKeyring(process.env, dataFolder(process.env), log, { create: false }))?.ring ?? null;
	const withoutKey = process.argv.includes('--without-key');
	const target = await openTarget(process.env, log);
	try {
		const started = Date.now();
		const { manifest, applied } = await restore(path.resolve(dir), target.url, { log, checked, keys, withoutKey });
		log(`恢复完成（${target.label}）：feed seq ${manifest.feedSeq}，用时 ${((Date.now() - started) / 1000).toFixed(1)} s${applied.length ? `，并升级了 ${applied.length} 个迁移` : ''}`);
	} finally {
		await target.close();
	}
});
