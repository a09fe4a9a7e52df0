import { error, json } from '@sveltejs/kit';
import { can, regionInScope } from '$lib/domain/access.ts';
import { readWindow } from '$lib/server/replay/replay.ts';
import { runtime } from '$lib/server/runtime.ts';
import { adcode, validate } from '$lib/validation.ts';

const seqOf = (s: string | null) => (s !== null && /^(0|[1-9][0-9]{0,15})$/.test(s) ? Number(s) : null);

/** One page of a replay window's feed events (after, upTo], from the durable outbox. */
export async function GET({ locals, url, setHeaders }) {
	const user = locals.user;
	if (!user || !can(user, 'screen.replay')) error(403, '您的账号无权回放态势');
	const region = validate(adcode('回放地区'), url.searchParams.get('region') ?? '');
	if (!region.ok) error(400, region.message);
	if (!regionInScope(user.scope, region.data)) error(403, '该地区不在您的权限范围内');
	const after = seqOf(url.searchParams.get('after'));
	const upTo = seqOf(url.searchParams.get('upTo'));
	if (after === null || upTo === null || upTo < after) error(400, 'after 与 upTo 应为序号，且 upTo 不小于 after');
	setHeaders({ 'cache-control': 'private, max-age=3600' }); // a past window never changes
	return json(await readWindow(runtime().sql, region.data, after, upTo));
}
