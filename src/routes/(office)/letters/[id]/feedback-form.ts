import type { Attachment } from '$lib/server/letters/respond.ts';
import { text, validate } from '$lib/validation.ts';

export const MAX_FILES = 5;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/**
 * The accepted content types, by the kind a person knows them as (null: accepted but not worth
 * naming — what a browser sends for a file it cannot type). A refusal names the kinds, never the
 * MIME type, which means nothing to the unit's staff.
 */
const TYPES: Record<string, string | null> = {
	'application/pdf': 'PDF',
	'image/png': '图片',
	'image/jpeg': '图片',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
	'application/msword': 'Word',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
	'application/vnd.ms-excel': 'Excel',
	'text/plain': '文本',
	'application/octet-stream': null
};
/** 'PDF、图片、Word、Excel、文本' */
export const ACCEPTED_KINDS = [...new Set(Object.values(TYPES).filter((kind) => kind !== null))].join('、');
const HIDDEN = /[\u0000-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF/\\]/u;

type Read = { ok: true; text: string; files: Attachment[] } | { ok: false; status: 400 | 413; field: string; message: string };

/** 反馈 form: `text` once, and up to five `attachment` files (PDF, images, Word, Excel, text), each ≤ 10 MB. */
export async function readFeedbackForm(request: Request): Promise<Read> {
	let data: FormData;
	try {
		data = await request.formData();
	} catch (e) {
		const status = (e as { status?: number })?.status ?? (e as { cause?: { status?: number } })?.cause?.status;
		return status === 413 ? { ok: false, status: 413, field: 'attachment', message: '附件过大' } : { ok: false, status: 400, field: '', message: '提交的数据格式无效' };
	}
	const texts = data.getAll('text');
	const extra = [...new Set(data.keys())].find((k) => k !== 'text' && k !== 'attachment');
	if (extra) return { ok: false, status: 400, field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` };
	if (texts.length !== 1 || typeof texts[0] !== 'string') return { ok: false, status: 400, field: 'text', message: texts.length > 1 ? '字段 text 重复提交' : '请填写反馈内容' };
	const body = validate(text('反馈内容', 5000, 10), texts[0]);
	if (!body.ok) return { ok: false, status: 400, field: 'text', message: body.message };
	const files: Attachment[] = [];
	for (const value of data.getAll('attachment')) {
		if (typeof value === 'string') {
			if (value === '') continue;
			return { ok: false, status: 400, field: 'attachment', message: '附件应为文件' };
		}
		if (value.size === 0 && value.name === '') continue; // the empty file input of a form sent without a file
		if (value.size === 0) return { ok: false, status: 400, field: 'attachment', message: `附件 ${value.name.slice(0, 60)} 是空文件` };
		if (value.size > MAX_FILE_BYTES) return { ok: false, status: 413, field: 'attachment', message: `附件 ${value.name.slice(0, 60)} 超过 10 MB` };
		const name = value.name.trim();
		if (!name || Array.from(name).length > 120 || HIDDEN.test(name)) return { ok: false, status: 400, field: 'attachment', message: '附件文件名无效（1–120 个字符，不含路径和控制字符）' };
		const type = value.type || 'application/octet-stream';
		if (!Object.hasOwn(TYPES, type)) return { ok: false, status: 400, field: 'attachment', message: `不支持的附件类型：${name}（只接受 ${ACCEPTED_KINDS}）` };
		files.push({ filename: name, contentType: type, bytes: new Uint8Array(await value.arrayBuffer()) });
	}
	if (files.length > MAX_FILES) return { ok: false, status: 400, field: 'attachment', message: `附件最多 ${MAX_FILES} 个` };
	return { ok: true, text: body.data, files };
}
