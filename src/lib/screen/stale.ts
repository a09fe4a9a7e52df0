import type { FeedStatus } from '../feed/client.svelte.ts';

/** After this long without a frame or tick the wall says its data is stale, prominently. */
export const STALE_AFTER_MS = 10_000;

/**
 * Whether the wall's figures may be behind: the feed has not shown it is current (a frame or the
 * relay's once-a-second tick) for more than 10 s — disconnected, behind, or the relay stopped.
 */
export function isStale(status: FeedStatus, updatedAt: Date | null, now: Date): boolean {
	if (!updatedAt) return status !== 'live';
	return now.getTime() - updatedAt.getTime() > STALE_AFTER_MS;
}
