import { error } from '@sveltejs/kit';
import { runtime } from '$lib/server/runtime.ts';
import { volumeSnapshot } from '$lib/server/screen/snapshot.ts';

export async function load({ locals }) {
	// the hook has checked screen.view; the figures are those of the account's own scope
	const snapshot = await volumeSnapshot(runtime().sql, locals.user!.scope);
	if (!snapshot) error(404, '没有该地区的数据');
	return { snapshot, user: { displayName: locals.user!.displayName, role: locals.user!.role, screenName: locals.user!.screenName } };
}
