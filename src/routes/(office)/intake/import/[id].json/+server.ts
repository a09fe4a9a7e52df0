import { error, json } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { jobOf } from '$lib/server/intake/import/view.ts';
import { runtime } from '$lib/server/runtime.ts';
import { idOf, validate } from '$lib/validation.ts';

/** An import's progress, polled by the page while the commit runs (its own jobs only). */
export async function GET({ locals, params, setHeaders }) {
	const user = locals.user;
	if (!user || !can(user, 'items.register')) error(403, '您的账号无权导入台账');
	const id = validate(idOf('导入任务', Number.MAX_SAFE_INTEGER), params.id);
	if (!id.ok) error(400, id.message);
	const job = await jobOf(runtime().sql, user.userId, BigInt(id.data));
	if (!job) error(404, '没有找到该导入任务');
	setHeaders({ 'cache-control': 'no-store' });
	return json({ status: job.stale ? 'failed' : job.status, total: job.total, processed: job.processed, errorRows: job.errorRows });
}
