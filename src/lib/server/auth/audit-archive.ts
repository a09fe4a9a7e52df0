import { LEGAL_MIN_MONTHS } from '../../domain/retention.ts';
import { transaction, type Sql } from '../db/connection.ts';

/**
 * Moves audit-log rows (the sign-in history among them) older than the retention into
 * audit_log_archive: copied first, then removed from the live table, in one transaction per batch.
 * The live table's trigger lets a row go only when it is past six months and its identical copy is
 * in the archive, so a bug here can fail, never lose a record. The move itself is
 * audit_log_archive_batch() (migration 0100), run with the owner's rights. Returns how many rows moved.
 */
export async function archiveAuditLog(sql: Sql, options: { keepMonths: number; batch?: number; maxBatches?: number }): Promise<number> {
	const { keepMonths, batch = 5000, maxBatches = 200 } = options;
	if (!Number.isInteger(keepMonths) || keepMonths < LEGAL_MIN_MONTHS) throw new RangeError(`审计日志保留期不得少于 ${LEGAL_MIN_MONTHS} 个月`);
	let total = 0;
	for (let i = 0; i < maxBatches; i++) {
		const moved = await transaction(sql, async (tx) => {
			// one archiver at a time across nodes; another node busy with it: skip this round
			const [{ locked }] = await tx<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(hashtext('liaowang.audit_archive')) as locked`;
			if (!locked) return -1;
			// copy, then remove, in the owner's function: the runtime role may only append to the log
			const [{ moved }] = await tx<{ moved: number }[]>`select audit_log_archive_batch(${keepMonths}, ${batch}) as moved`;
			return moved;
		});
		if (moved < 0) break;
		total += moved;
		if (moved < batch) break;
	}
	return total;
}

export type LogHolding = { live: number; oldestLive: Date | null; archived: number; oldestArchived: Date | null };

/** What the audit log holds, live and archived, for /admin/status. */
export async function auditHolding(sql: Sql): Promise<LogHolding> {
	const [row] = await sql<{ live: string; oldestLive: Date | null; archived: string; oldestArchived: Date | null }[]>`
		select (select count(*) from audit_log) as live,
		       (select min(at) from audit_log) as "oldestLive",
		       (select count(*) from audit_log_archive) as archived,
		       (select min(at) from audit_log_archive) as "oldestArchived"`;
	return { live: Number(row.live), oldestLive: row.oldestLive, archived: Number(row.archived), oldestArchived: row.oldestArchived };
}

/** The oldest change the outbox still holds for resume and replay. */
export async function oldestOutbox(sql: Sql): Promise<Date | null> {
	const [row] = await sql<{ at: Date | null }[]>`select created_at as at from outbox order by id limit 1`;
	return row?.at ?? null;
}

const HOUR = 3_600_000;

/** Archives now (after a short delay) and then every six hours; errors are logged and retried next round. */
export function startAuditArchiver(sql: Sql, options: { keepMonths: number; log?: (message: string) => void; firstMs?: number; everyMs?: number }): () => void {
	const { keepMonths, log = () => {}, firstMs = 60_000, everyMs = 6 * HOUR } = options;
	let running = false;
	const run = async () => {
		if (running) return;
		running = true;
		try {
			const moved = await archiveAuditLog(sql, { keepMonths });
			if (moved > 0) log(`已将 ${moved} 条超过 ${keepMonths} 个月的审计日志移入归档表`);
		} catch (error) {
			log(`审计日志归档失败，稍后重试：${(error as Error).message}`);
		} finally {
			running = false;
		}
	};
	const first = setTimeout(run, firstMs);
	const every = setInterval(run, everyMs);
	first.unref?.();
	every.unref?.();
	return () => {
		clearTimeout(first);
		clearInterval(every);
	};
}
