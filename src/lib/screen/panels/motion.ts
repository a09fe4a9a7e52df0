import { getContext, setContext } from 'svelte';
import { cubicOut } from 'svelte/easing';
import { Tween } from 'svelte/motion';

const STILL = Symbol('wall:still');

/**
 * Marks a wall whose figures must not glide (a replay, a frozen snapshot): every panel then shows
 * the very state of the frame it is drawn from, so 今日 reads the same in every panel at once.
 */
export const setStill = (still: boolean) => setContext(STILL, still);

/** A key figure's tween: it glides to a new value on the live wall, jumps on a still one. */
export function figureTween(initial = 0): Tween<number> {
	const still = getContext<boolean | undefined>(STILL) ?? false;
	return new Tween(initial, { duration: still ? 0 : 900, easing: cubicOut });
}
