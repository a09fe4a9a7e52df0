// npm run backup [-- --out=DIR] [--format=auto|pg_dump|copy]: a consistent backup of the database
// (DATABASE_URL, else the embedded one) with its manifest. See README, 运维.
import path from 'node:path';
import { backup } from '../src/lib/server/ops/backup.ts';
import { openTarget } from '../src/lib/server/ops/target.ts';
import { runCommand, option } from './ops-cli.ts';

await runCommand('备份', async (log) => {
	const format = option('format', 'auto');
	if (!['auto', 'pg_dump', 'copy'].includes(format)) throw new Error(`--format=${format} 无效（可选 auto、pg_dump、copy）`);
	const outDir = path.resolve(option('out', process.env.LIAOWANG_BACKUP_DIR || 'backups'));
	const target = await openTarget(process.env, log);
	try {
		const started = Date.now();
		const { dir, manifest } = await backup(target.url, { outDir, format: format as 'auto', log });
		const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
		log(`备份完成：${dir}`);
		log(`  格式 ${manifest.database.kind}${manifest.database.tool ? `（${manifest.database.tool}）` : ''}，${(bytes / 1048576).toFixed(1)} MB，用时 ${((Date.now() - started) / 1000).toFixed(1)} s`);
		log(`  版本 ${manifest.app.version}，迁移级别 ${manifest.migration.level}，feed seq ${manifest.feedSeq}，${manifest.documents.length} 份文档，${manifest.auditLog.rows} 条审计日志`);
	} finally {
		await target.close();
	}
});
