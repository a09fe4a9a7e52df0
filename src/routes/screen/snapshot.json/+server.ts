import { error, json } from '@sveltejs/kit';
import { runtime } from '$lib/server/runtime.ts';
import { volumeSnapshot } from '$lib/server/screen/snapshot.ts';

/** A fresh snapshot, for a screen whose gap after a reconnect was too old to replay, or a new day. */
export async function GET({ locals }) {
	const snapshot = await volumeSnapshot(runtime().sql, locals.user!.scope);
	if (!snapshot) error(404, '没有该地区的数据');
	return json(snapshot, { headers: { 'cache-control': 'no-store' } });
}
