import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { produceDocx, producePdf, readDocument } from '$lib/server/letters/documents.ts';
import { letterDetail } from '$lib/server/letters/queries.ts';
import { letterRenderer } from '$lib/server/letters/renderer.ts';
import { runtime } from '$lib/server/runtime.ts';
import { idOf, validate } from '$lib/validation.ts';

const TYPES = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };

export async function documentResponse(locals: App.Locals, rawId: string, format: 'pdf' | 'docx'): Promise<Response> {
	const user = locals.user!;
	if (!can(user, 'letters.view')) error(403, '您的账号无权查看函件');
	const id = validate(idOf('函件编号'), rawId);
	if (!id.ok) error(400, id.message);
	const { sql, config } = runtime();
	const letter = await letterDetail(sql, user, id.data);
	if (!letter) error(404, '没有找到该函件');
	let doc = await readDocument(sql, letter.id, format);
	if (!doc) {
		if (format === 'pdf') await producePdf(sql, letterRenderer(config.dataDir), letter.id);
		else await produceDocx(sql, letter.id);
		doc = await readDocument(sql, letter.id, format);
	}
	if (!doc) error(500, '函件文档生成失败');
	const name = `${letter.number}.${format}`;
	return new Response(new Uint8Array(doc.bytes), {
		headers: {
			'content-type': TYPES[format],
			'content-disposition': `attachment; filename="letter.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
			'x-content-sha256': doc.sha256,
			'cache-control': 'private, max-age=0'
		}
	});
}
