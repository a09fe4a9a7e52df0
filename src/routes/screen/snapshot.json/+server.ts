import { error, json } from '@sveltejs/kit';
import { layoutNames } from '$lib/server/screen/layouts.ts';
import { loadWall } from '$lib/server/screen/load-wall.ts';
import { wallSettings } from '$lib/server/screen/query.ts';
import { runtime } from '$lib/server/runtime.ts';

/** A fresh snapshot (`?region=` drills within the account's scope): for a drill-down, a stale gap, a new day. */
export async function GET({ locals, url }) {
	const parsed = wallSettings(url, await layoutNames(runtime().sql));
	if (!parsed.ok) error(400, parsed.message);
	const snapshot = await loadWall(locals.user!, parsed.settings.region);
	return json(snapshot, { headers: { 'cache-control': 'no-store' } });
}
