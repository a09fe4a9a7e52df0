import { error } from '@sveltejs/kit';
import { runtime } from '$lib/server/runtime.ts';
import { volumeSnapshot } from '$lib/server/screen/snapshot.ts';

export async function load() {
	const { sql, rootRegion } = runtime();
	// TODO(#3): the region comes from the signed-in account's scope
	const snapshot = await volumeSnapshot(sql, rootRegion);
	if (!snapshot) error(404, '没有该地区的数据');
	return { snapshot };
}
