import { error } from '@sveltejs/kit';
import type { Principal } from '$lib/domain/access.ts';
import { runtime } from '$lib/server/runtime.ts';
import { wallSnapshot } from '$lib/server/screen/wall.ts';
import type { WallSnapshot } from '$lib/screen/wall.ts';

/**
 * The wall's snapshot of a region in the account's scope (its scope by default); refusals in
 * Chinese. Read on the replica where one keeps up: the snapshot carries the seq it reflects and
 * the screen resumes the feed from there on the primary.
 */
export async function loadWall(user: Principal, region: string | null): Promise<WallSnapshot> {
	const result = await runtime().reads.read((sql) => wallSnapshot(sql, user.scope, region ?? user.scope));
	if ('refused' in result) error(result.refused === 'scope' ? 403 : 404, result.refused === 'scope' ? '该地区不在本屏的权限范围内' : '没有该地区的数据');
	return result;
}
