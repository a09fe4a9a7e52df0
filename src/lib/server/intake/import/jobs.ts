import { checkIntake, intakeFields, type FieldError, type IntakeDraft, type IntakeField, type IntakeRecord } from '../../../domain/intake.ts';
import type { QualityWarning } from '../../../domain/quality.ts';
import { audit } from '../../auth/audit.ts';
import { transaction, type Sql } from '../../db/connection.ts';
import { directory } from '../directory.ts';
import { identityKey } from '../petitioners.ts';
import { openRow, sealRow } from './sealed-rows.ts';
import { detectionRules } from '../detect.ts';
import { IntakeRefusal, previewItem, registerItem, type Registrar } from '../register.ts';
import { serialAllocator } from '../serials.ts';
import { mapColumns, recordOf, type ColumnMap } from './columns.ts';
import { parseInWorker } from './parse.ts';
import { nodeQueue } from './queue.ts';
import { isZip, type Ledger } from './read.ts';
import { openZip } from './zip.ts';

/**
 * A ledger import in two steps. The dry run reads the file, checks every row as registration
 * would and keeps the parsed rows with the job; nothing else is written. The commit registers
 * every row in one transaction — one bad row and nothing is written — and reports progress on
 * the job row through another connection, so a page can poll it while the transaction runs.
 */
export type RowError = { row: number; column: string; field: IntakeField | ''; message: string };
export type PreviewRow = { line: number; record: IntakeRecord; errors: RowError[]; warnings: QualityWarning[] };

/** What a job keeps between the dry run and the commit. */
export type StoredRows = { ignored: string[]; headerOf: Partial<Record<IntakeField, string>>; rows: PreviewRow[] };

export const PROGRESS_EVERY = 500;
/** A commit that has not reported progress for this long died with its process (and rolled back). */
export const STALE_MS = 5 * 60_000;

const columnOf = (map: ColumnMap, field: IntakeField) => map.headerOf[field] ?? intakeFields[field];

export type PreviewResult = { ok: true; jobId: bigint } | { ok: false; message: string; busy?: true };

/**
 * Reads and checks a ledger; returns the job id, or a message when the file itself is unusable
 * (busy: the node's import queue or the account's one place is taken). The file is read in a
 * worker thread, in turn with the node's other imports.
 */
export async function previewLedger(
	sql: Sql,
	registrar: Registrar & { userId: number },
	file: { name: string; bytes: Uint8Array },
	now = new Date(),
	queue = nodeQueue()
): Promise<PreviewResult> {
	// a zip's directory costs next to nothing to read: a bomb is refused before it takes a turn or a worker
	const zip = isZip(file.bytes) ? await openZip(file.bytes) : null;
	if (typeof zip === 'string') return { ok: false, message: zip };
	const turn = await queue.enter(registrar.userId);
	if (!turn.ok) return { ok: false, message: turn.message, busy: true };
	try {
		const ledger = await parseInWorker(file.bytes, file.name);
		if (typeof ledger === 'string') return { ok: false, message: ledger };
		turn.stage('checking');
		return await checkLedger(sql, registrar, file.name, ledger, now);
	} finally {
		turn.done();
	}
}

/** Checks every row as registration would and keeps the rows with a new job. */
async function checkLedger(sql: Sql, registrar: Registrar & { userId: number }, fileName: string, ledger: Ledger, now: Date): Promise<PreviewResult> {
	const columns = mapColumns(ledger.headers);
	if (!columns.ok) return { ok: false, message: columns.message };
	const { map } = columns;

	const checked = ledger.rows.map(({ line, cells }) => {
		const record = recordOf(cells, map);
		return { line, record, result: checkIntake(record, now) };
	});
	const drafts = checked.flatMap((c) => (c.result.ok ? [c.result.draft] : []));
	const dir = directory(sql);
	await dir.prefetch(
		drafts.flatMap((d) => (d.petitioner ? [identityKey(d.petitioner)].filter((k): k is string => k !== null) : [])),
		'import',
		drafts.flatMap((d) => (d.sourceId ? [d.sourceId] : []))
	);

	const firstLineOf = new Map<string, number>();
	const rows: PreviewRow[] = [];
	for (const { line, record, result } of checked) {
		const row: PreviewRow = { line, record, errors: [], warnings: [] };
		const error = (e: FieldError | { field: IntakeField; message: string }) => row.errors.push({ row: line, column: columnOf(map, e.field), field: e.field, message: e.message });
		if (!result.ok) result.errors.forEach(error);
		else {
			const sourceId = result.draft.sourceId;
			const earlier = sourceId ? firstLineOf.get(sourceId) : undefined;
			if (sourceId && earlier !== undefined) error({ field: 'sourceId', message: `台账编号 ${sourceId} 与第 ${earlier} 行重复` });
			else {
				if (sourceId) firstLineOf.set(sourceId, line);
				try {
					row.warnings = await previewItem(dir, result.draft, registrar, 'import', now);
				} catch (e) {
					if (!(e instanceof IntakeRefusal)) throw e;
					error(e);
				}
			}
		}
		rows.push(row);
	}

	const errors = rows.flatMap((r) => r.errors);
	return transaction(sql, async (tx) => {
		// one pending preview per person, none older than a day: the parsed rows hold personal data
		await tx`delete from import_job
		          where ((user_id = ${registrar.userId} and status in ('previewed', 'failed'))
		                 or (status in ('previewed', 'failed', 'committing') and updated_at < ${now}::timestamptz - interval '1 day'))
		            and not exists (select 1 from petition_item where import_job_id = import_job.id)`;
		const [{ id }] = await tx<{ id: bigint }[]>`
			insert into import_job (user_id, file_name, format, status, total_rows, error_rows, warning_rows, errors, rows, created_at, updated_at)
			values (${registrar.userId}, ${fileName.slice(0, 200) || '未命名文件'}, ${ledger.format}, 'previewed', ${rows.length},
			        ${rows.filter((r) => r.errors.length).length}, ${rows.filter((r) => r.warnings.length).length},
			        ${tx.json(errors as never)}, ${tx.json({ ignored: map.ignored, headerOf: map.headerOf, rows: rows.map(sealRow) } as never)}, ${now}, ${now})
			returning id`;
		return { ok: true as const, jobId: id };
	});
}

export type CommitResult = { ok: true; items: number; warnings: number } | { ok: false; message: string; errors: RowError[] };

class RowFailure extends Error {
	readonly error: RowError;
	constructor(error: RowError) {
		super(error.message);
		this.error = error;
	}
}

/**
 * Registers every row of a previewed job in one transaction. Rows are checked again (time has
 * passed; another import may have taken a 台账编号): any refusal rolls everything back and the
 * job fails with that row's error.
 */
export async function commitLedger(sql: Sql, registrar: Registrar & { userId: number }, jobId: bigint, now = new Date()): Promise<CommitResult> {
	const [job] = await sql<{ fileName: string; payload: StoredRows }[]>`
		update import_job set status = 'committing', processed_rows = 0, updated_at = ${now}
		 where id = ${jobId} and user_id = ${registrar.userId} and status = 'previewed' and error_rows = 0 and rows is not null
		returning file_name as "fileName", rows as payload`;
	if (!job) return { ok: false, message: await whyNot(sql, registrar.userId, jobId), errors: [] };
	const rows = job.payload.rows.map(openRow);
	const column = (field: IntakeField | '') => (field ? (job.payload.headerOf[field] ?? intakeFields[field]) : '');
	let current = 0;
	try {
		const summary = await transaction(sql, async (tx) => {
			const dir = directory(tx);
			// one query for every 台账编号 instead of one per row
			await dir.prefetch([], 'import', rows.flatMap((r) => (r.record.sourceId?.trim() ? [r.record.sourceId.trim()] : [])));
			const serials = serialAllocator();
			const rules = await detectionRules(tx);
			let warnings = 0;
			for (const [i, row] of rows.entries()) {
				current = row.line;
				const checked = checkIntake(row.record, now);
				if (!checked.ok) throw new RowFailure({ row: row.line, column: column(checked.errors[0].field), field: checked.errors[0].field, message: checked.errors[0].message });
				const draft: IntakeDraft = checked.draft;
				const item = await registerItem(tx, draft, registrar, {
					source: 'import',
					now,
					note: `台账导入：${job.fileName} 第 ${row.line} 行`,
					importJobId: jobId,
					audit: false,
					directory: dir,
					serials,
					rules
				});
				if (item.warnings.length) warnings++;
				// outside the transaction, so a poller sees it now; the job row is never locked by tx
				if ((i + 1) % PROGRESS_EVERY === 0) await sql`update import_job set processed_rows = ${i + 1}, updated_at = now() where id = ${jobId}`;
			}
			await tx`update import_job set status = 'committed', committed_at = ${now}, processed_rows = ${rows.length},
			                warning_rows = ${warnings}, rows = null, updated_at = now() where id = ${jobId}`;
			await audit(tx, {
				userId: registrar.userId,
				username: registrar.username,
				action: 'import.commit',
				target: job.fileName,
				detail: { jobId: String(jobId), items: rows.length, withWarnings: warnings },
				ip: registrar.ip
			});
			return { items: rows.length, warnings };
		});
		return { ok: true, ...summary };
	} catch (e) {
		const error = rowErrorOf(e, current, column);
		if (!error) {
			await sql`update import_job set status = 'failed', rows = null, updated_at = now() where id = ${jobId}`.catch(() => {});
			throw e;
		}
		await sql`update import_job set status = 'failed', rows = null, errors = ${sql.json([error] as never)}, error_rows = 1, updated_at = now() where id = ${jobId}`;
		return { ok: false, message: `第 ${error.row} 行无法登记，整个文件均未导入：${error.message}`, errors: [error] };
	}
}

function rowErrorOf(e: unknown, line: number, column: (field: IntakeField | '') => string): RowError | null {
	if (e instanceof RowFailure) return e.error;
	if (e instanceof IntakeRefusal) return { row: line, column: column(e.field), field: e.field, message: e.message };
	// another import committed the same 台账编号 while this one ran
	if ((e as { code?: string; constraint_name?: string }).code === '23505' && (e as { constraint_name?: string }).constraint_name === 'petition_item_source_key')
		return { row: line, column: column('sourceId'), field: 'sourceId', message: '该台账编号刚被另一次导入登记' };
	return null;
}

async function whyNot(sql: Sql, userId: number, jobId: bigint): Promise<string> {
	const [job] = await sql<{ status: string; errorRows: number; updatedAt: Date }[]>`
		select status, error_rows as "errorRows", updated_at as "updatedAt" from import_job where id = ${jobId} and user_id = ${userId}`;
	if (!job) return '没有找到该导入任务，请重新上传文件';
	if (job.status === 'committing' && Date.now() - job.updatedAt.getTime() > STALE_MS) return '上次导入已中断，没有写入任何数据，请重新上传文件';
	if (job.status === 'committing') return '该文件正在导入，请稍候';
	if (job.status === 'committed') return '该文件已经导入，不能重复导入';
	if (job.status === 'failed') return '该文件导入失败，没有写入任何数据，请修正后重新上传';
	if (job.errorRows > 0) return `有 ${job.errorRows} 行存在错误，请修正后重新上传`;
	return '该导入任务已失效，请重新上传文件';
}
