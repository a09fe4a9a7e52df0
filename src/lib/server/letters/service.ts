import type { Config } from '../config.ts';
import type { Sql } from '../db/connection.ts';
import { producePdf } from './documents.ts';
import { issueLetter, type IssueRequest } from './issue.ts';
import type { LetterPdfRenderer } from './render/letter-pdf.ts';

type Context = Parameters<typeof issueLetter>[2];

/** Which notices a node queues, from its configuration. */
export const noticeTargets = (config: Config) => ({ email: !!config.letters.smtpUrl, webhookUrl: config.letters.webhookUrl ?? null });

/**
 * One click: issue (one transaction), then print the record PDF and store it (the .docx is made
 * on its first download). Printing runs after the commit, outside the serial's lock, so
 * concurrent issues print side by side; a letter whose printing failed is printed on its first
 * download (producePdf is idempotent). A retried click returns the same letter and its stored PDF.
 */
export async function issueAndPrint(sql: Sql, renderer: LetterPdfRenderer, request: IssueRequest, context: Context) {
	const issued = await issueLetter(sql, request, context);
	const printed = await producePdf(sql, renderer, issued.id).catch((error: Error) => {
		console.error(`[瞭望] 函件 ${issued.number} 打印失败，下载时重试：`, error);
		return null;
	});
	return { ...issued, pdfSha256: printed?.pdfSha256 ?? null };
}
