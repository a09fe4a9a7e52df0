import { error } from '@sveltejs/kit';
import { homeOf } from '$lib/domain/access.ts';
import { officeNav } from '$lib/server/auth/policy.ts';
import { wallLayouts } from '$lib/server/screen/layouts.ts';
import { loadWall } from '$lib/server/screen/load-wall.ts';
import { wallSettings } from '$lib/server/screen/query.ts';
import { runtime } from '$lib/server/runtime.ts';

export async function load({ locals, url }) {
	// the hook has checked screen.view; the figures are those of the account's own scope, or a region within it
	const all = await wallLayouts(runtime().sql);
	const parsed = wallSettings(url, Object.keys(all));
	if (!parsed.ok) error(400, parsed.message);
	const snapshot = await loadWall(locals.user!, parsed.settings.region);
	// the layouts this wall turns through (the deployment's own where it has replaced a built-in one)
	const layouts = Object.fromEntries([...new Set([parsed.settings.layout, ...parsed.settings.layouts])].map((name) => [name, all[name].layout]));
	// the people who also work from the office pages find them from the wall: one quiet link (a screen account has none)
	const user = locals.user!;
	const nav = user.role === 'display' ? [] : officeNav(user, runtime().rootRegion);
	const home = homeOf(user);
	const office = nav.find((l) => l.href === home && home !== '/screen')?.href ?? nav.find((l) => l.href !== '/screen')?.href ?? null;
	return { snapshot, settings: parsed.settings, layouts, office, user: { displayName: locals.user!.displayName, role: locals.user!.role, screenName: locals.user!.screenName } };
}
