import { error } from '@sveltejs/kit';
import { wallSettings } from '$lib/server/screen/query.ts';
import { loadWall } from './load-wall.ts';

export async function load({ locals, url }) {
	// the hook has checked screen.view; the figures are those of the account's own scope, or a region within it
	const parsed = wallSettings(url);
	if (!parsed.ok) error(400, parsed.message);
	const snapshot = await loadWall(locals.user!, parsed.settings.region);
	return { snapshot, settings: parsed.settings, user: { displayName: locals.user!.displayName, role: locals.user!.role, screenName: locals.user!.screenName } };
}
