import { WallStore } from '../store.svelte.ts';
import type { WallSnapshot } from '../wall.ts';

/**
 * A wall store that never goes live: the wall's own panels render a frozen snapshot (a
 * meeting's, or a replay's current state) exactly as they render the live one. It is never
 * started, so it opens no socket; drilling down is refused (the snapshot holds one region).
 */
export function frozenStore(snapshot: WallSnapshot): WallStore {
	return new WallStore(snapshot, {
		load: () => Promise.reject(new Error('冻结快照不能下钻，请在实时大屏上查看下级地区')),
		sessionEnded: async () => false,
		onSessionEnded: () => {}
	});
}
