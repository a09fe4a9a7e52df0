import { error } from '@sveltejs/kit';
import { can, regionInScope } from '$lib/domain/access.ts';
import { readSnapshot } from '$lib/server/meetings/freeze.ts';
import { runtime } from '$lib/server/runtime.ts';
import { idOf, validate } from '$lib/validation.ts';
import { formatInstant } from '$lib/time.ts';

/** A frozen snapshot on the wall's own panels (any layout), marked frozen with its time. */
export async function load({ locals, params, url }) {
	const user = locals.user!;
	if (!can(user, 'meetings.view')) error(403, '您的账号无权查看联席会议');
	const id = validate(idOf('快照编号'), params.id);
	if (!id.ok) error(400, id.message);
	const snap = await readSnapshot(runtime().sql, (r) => regionInScope(user.scope, r), id.data);
	if (!snap) error(404, '没有找到该快照');
	const layout = url.searchParams.get('layout') === 'supervision' ? 'supervision' : 'overview';
	return { id: snap.id, name: snap.name, seq: snap.seq, takenAt: formatInstant(snap.takenAt), wall: snap.wall, layout };
}
