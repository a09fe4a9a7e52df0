import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { attachmentFile, letterDetail } from '$lib/server/letters/queries.ts';
import { runtime } from '$lib/server/runtime.ts';
import { idOf, validate } from '$lib/validation.ts';

/** A feedback attachment, to whoever may see its letter; always a download, never rendered inline. */
export async function GET({ locals, params }) {
	const user = locals.user!;
	if (!can(user, 'letters.view')) error(403, '您的账号无权查看函件');
	const id = validate(idOf('附件编号', Number.MAX_SAFE_INTEGER), params.id);
	if (!id.ok) error(400, id.message);
	const { sql } = runtime();
	const file = await attachmentFile(sql, id.data);
	if (!file || !(await letterDetail(sql, user, file.letterId))) error(404, '没有找到该附件');
	return new Response(new Uint8Array(file.bytes), {
		headers: {
			'content-type': 'application/octet-stream',
			'content-disposition': `attachment; filename="attachment"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
			'x-content-sha256': file.sha256
		}
	});
}
