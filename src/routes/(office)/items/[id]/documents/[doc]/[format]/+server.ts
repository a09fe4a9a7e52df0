import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { audit } from '$lib/server/auth/audit.ts';
import { letterRenderer } from '$lib/server/letters/renderer.ts';
import { documentNumber, petitionerDocumentFile } from '$lib/server/petitioner-docs/files.ts';
import { runtime } from '$lib/server/runtime.ts';
import { idOf, validate } from '$lib/validation.ts';
import { itemFor } from '../../../item.server.ts';

const TYPES = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };
const ItemId = idOf('信访事项编号', Number.MAX_SAFE_INTEGER);
const DocId = idOf('文书编号', Number.MAX_SAFE_INTEGER);

/**
 * A petitioner's document (受理告知书 / 不予受理告知书 / 处理意见书) as PDF or .docx, to an account
 * that may see the item: anyone else hears that there is no such item. The download is audited
 * (the document names the petitioner in full).
 */
export async function GET({ locals, params, getClientAddress }) {
	const user = locals.user;
	if (!user || !can(user, 'items.view')) error(403, '您的账号无权查看信访事项');
	const item = validate(ItemId, params.id);
	if (!item.ok) error(400, item.message);
	const { sql, config } = runtime();
	// the item first: an account that may not see it learns nothing about its documents
	if (!(await itemFor(sql, user, item.data))) error(404, '没有找到该信访事项');
	const doc = validate(DocId, params.doc);
	if (!doc.ok) error(400, doc.message);
	if (params.format !== 'pdf' && params.format !== 'docx') error(404, '没有找到该文书格式（只有 pdf 和 docx）');
	const format = params.format;
	const number = await documentNumber(sql, item.data, doc.data);
	if (number === null) error(404, '没有找到该文书');
	const file = await petitionerDocumentFile(sql, letterRenderer(config.dataDir), String(doc.data), format);
	if (!file) error(500, '文书生成失败');
	await audit(sql, { userId: user.userId, username: user.username, action: 'item.document', target: String(item.data), detail: { document: String(doc.data), number, format }, ip: getClientAddress() });
	return new Response(new Uint8Array(file.bytes), {
		headers: {
			'content-type': TYPES[format],
			'content-disposition': `attachment; filename="document.${format}"; filename*=UTF-8''${encodeURIComponent(`${number}.${format}`)}`,
			'x-content-sha256': file.sha256,
			'cache-control': 'private, no-store'
		}
	});
}
