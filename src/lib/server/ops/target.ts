import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readConfig } from '../config.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';

export type Target = { url: string; label: string; close: () => Promise<void> };

const DATABASE = 'liaowang';
const USER = 'liaowang';

/** The embedded server's folder: `<data dir>/pg`, or /var/lib/liaowang/pg where the server moved it (as root). */
export function embeddedDir(dataDir: string, explicit: boolean): string {
	const dir = path.join(dataDir, 'pg');
	if (explicit || existsSync(path.join(dir, 'PG_VERSION'))) return dir;
	const moved = '/var/lib/liaowang/pg';
	return existsSync(path.join(moved, 'PG_VERSION')) ? moved : dir;
}

/** The data folder the node keeps its files in (the personal-data key file among them). */
export function dataFolder(env = process.env): string {
	const config = readConfig(env);
	return config.databaseUrl ? config.dataDir : path.dirname(embeddedDir(config.dataDir, config.dataDirExplicit));
}

/** A running embedded server's port: line 4 of postmaster.pid, when its process is alive. */
function runningPort(dir: string): number | null {
	try {
		const lines = readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n');
		process.kill(Number(lines[0]), 0);
		return Number(lines[3]) || null;
	} catch {
		return null;
	}
}

/**
 * The database an operations command works on, as the owner role: DATABASE_OWNER_URL (else
 * DATABASE_URL) when set; else the embedded server (its owner) in
 * the data folder, joined where the app has it running, started for the command (and stopped after)
 * where it does not.
 */
export async function openTarget(env = process.env, log: (m: string) => void = () => {}): Promise<Target> {
	const config = readConfig(env);
	// operations (backup, restore) are the owner's work, like migrations
	if (config.databaseOwnerUrl) return { url: config.databaseOwnerUrl, label: 'DATABASE_OWNER_URL', close: async () => {} };
	if (config.databaseUrl) return { url: config.databaseUrl, label: 'DATABASE_URL', close: async () => {} };
	const dir = embeddedDir(config.dataDir, config.dataDirExplicit);
	const port = runningPort(dir);
	if (port) {
		const password = readFileSync(path.join(path.dirname(dir), 'pg-password'), 'utf8').trim();
		log(`使用正在运行的内嵌数据库（${dir}，端口 ${port}）`);
		return { url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`, label: `内嵌数据库 ${dir}`, close: async () => {} };
	}
	const embedded = await startEmbeddedPostgres(path.dirname(dir), { log });
	log(`已启动内嵌数据库（${embedded.dir}），命令结束后关闭`);
	// interrupted (Ctrl-C, a closed terminal, systemd stopping a timer's job): stop the server we started
	const interrupted = () => void embedded.stop().finally(() => process.exit(130));
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, interrupted);
	return {
		url: embedded.url,
		label: `内嵌数据库 ${embedded.dir}`,
		close: async () => {
			for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, interrupted);
			await embedded.stop();
		}
	};
}
