import { createHash } from 'node:crypto';
import type { Principal } from '../../../domain/access.ts';
import { audit } from '../../auth/audit.ts';
import type { Sql } from '../../db/connection.ts';
import { printService, type PrintService } from '../../print/service.ts';
import type { MeetingRow } from '../read.ts';
import { briefingDocx } from './docx.ts';
import { briefingHtml, chartPage } from './html.ts';
import { loadBriefingDocument } from './load.ts';
import { minutesPdf } from './minutes-pdf.ts';

export type BriefingKind = 'briefing' | 'minutes';
export type JobView = { id: number; kind: BriefingKind; status: 'running' | 'done' | 'failed'; stage: string; progress: number; renderMs: number | null; error: string | null; pdfSha256: string | null };

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * Renders a briefing on the node's pooled Chromium (its charts as images too), or a 纪要 by the
 * typesetter in 纪要格式 (minutes-pdf.ts), and the .docx beside it. Progress goes to the job row as each stage finishes, from outside any
 * transaction, so the page polling it sees it move; the documents land with the last update.
 */
export async function renderBriefing(sql: Sql, print: PrintService, user: Principal, m: MeetingRow, kind: BriefingKind, jobId: number): Promise<void> {
	const started = performance.now();
	const step = (stage: string, progress: number) => sql`update briefing_job set stage = ${stage}, progress = ${progress} where id = ${jobId}`;
	try {
		await step('读取冻结快照与议程', 10);
		const doc = await loadBriefingDocument(sql, user, m, kind);
		await step('绘制图表', 30);
		for (const chart of doc.charts) chart.png = await print.pages.png(chartPage(chart.svg), chart.width, chart.height);
		await step('排版 PDF', 55);
		const pdf = kind === 'minutes' ? minutesPdf(doc, print.fonts()) : await print.pages.render(briefingHtml(doc));
		await step('生成 Word 文档', 85);
		const docx = await briefingDocx(doc);
		await sql`
			update briefing_job set status = 'done', stage = '完成', progress = 100, finished_at = now(), render_ms = ${Math.round(performance.now() - started)},
			       pdf = ${pdf}, docx = ${docx}, pdf_sha256 = ${sha256(pdf)}, docx_sha256 = ${sha256(docx)}
			 where id = ${jobId}`;
	} catch (error) {
		console.error(`会议简报生成失败（任务 ${jobId}）：`, error);
		await sql`update briefing_job set status = 'failed', stage = '失败', finished_at = now(), error = ${'生成失败，请稍后重试'} where id = ${jobId}`.catch(() => {});
	}
}

/** Starts a render job and returns its id at once; the page polls the job. */
export async function startBriefing(rt: { sql: Sql; config: { dataDir: string } }, user: Principal, m: MeetingRow, kind: BriefingKind, ip: string | null): Promise<number> {
	const id = await rt.sql.begin(async (tx) => {
		const [row] = await tx<{ id: number }[]>`insert into briefing_job (meeting_id, kind, requested_by, stage) values (${m.id}, ${kind}, ${user.userId}, '排队') returning id`;
		await audit(tx, { userId: user.userId, username: user.username, action: 'meeting.export', target: String(m.id), detail: { kind, job: row.id }, ip });
		return row.id;
	});
	void renderBriefing(rt.sql, printService(rt.config.dataDir), user, m, kind, id);
	return id;
}

/** A job still running after STALE_MINUTES lost its node (a restart mid-render): shown as failed, to be started again. */
const STALE_MINUTES = 5;
const columns = (sql: Sql) => sql`
	id, kind, stage, progress, render_ms as "renderMs", pdf_sha256 as "pdfSha256",
	case when status = 'running' and started_at < now() - make_interval(mins => ${STALE_MINUTES}) then 'failed' else status end as status,
	case when status = 'running' and started_at < now() - make_interval(mins => ${STALE_MINUTES}) then '生成中断，请重新生成' else error end as error`;

export async function latestJobs(sql: Sql, meetingId: number): Promise<Partial<Record<BriefingKind, JobView>>> {
	const rows = await sql<JobView[]>`
		select distinct on (kind) ${columns(sql)} from briefing_job where meeting_id = ${meetingId} order by kind, started_at desc, id desc`;
	return Object.fromEntries(rows.map((r) => [r.kind, r]));
}

export async function jobOf(sql: Sql, meetingId: number, jobId: number): Promise<JobView | null> {
	const [row] = await sql<JobView[]>`select ${columns(sql)} from briefing_job where id = ${jobId} and meeting_id = ${meetingId}`;
	return row ?? null;
}

export async function jobFile(sql: Sql, meetingId: number, jobId: number, format: 'pdf' | 'docx') {
	const [row] = await sql<{ kind: BriefingKind; bytes: Buffer | null; sha256: string | null }[]>`
		select kind, ${format === 'pdf' ? sql`pdf` : sql`docx`} as bytes, ${format === 'pdf' ? sql`pdf_sha256` : sql`docx_sha256`} as sha256
		  from briefing_job where id = ${jobId} and meeting_id = ${meetingId} and status = 'done'`;
	return row?.bytes ? row : null;
}
