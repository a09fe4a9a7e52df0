import { error, json } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { nodeQueue } from '$lib/server/intake/import/queue.ts';

/** Where this account's upload stands while the form waits: queued (how many ahead), reading, checking, or none. */
export function GET({ locals, setHeaders }) {
	const user = locals.user;
	if (!user || !can(user, 'items.register')) error(403, '您的账号无权导入台账');
	setHeaders({ 'cache-control': 'no-store' });
	return json(nodeQueue().stageOf(user.userId) ?? { stage: 'none' });
}
