import { untrack } from 'svelte';
import type { Action } from 'svelte/action';
import type { Tween } from 'svelte/motion';
import { figureTween } from './motion.ts';
import { fmt } from './types.ts';

/**
 * What a box's type is scaled by so that its content fits its width: `scale` as it is when it
 * fits; else smaller by the room over the width needed (a second look closes in on what does not
 * scale with the type: a gap or a margin in pixels). A pixel short of the room and rounded down:
 * glyphs do not scale exactly with their size, and a label a fraction too wide is ellipsized.
 */
export function fitScale(room: number, need: number, scale = 1): number {
	if (room <= 1 || need <= room) return scale;
	return Math.floor(scale * ((room - 1) / need) * 1000) / 1000;
}

/**
 * Fits a figure to its box: when the box's content, at the size the stylesheet gives it, is wider
 * than the box, `--fit` scales the type down just enough (the component's font sizes are
 * `calc(… * var(--fit, 1))`); a figure that fits keeps its own size. Large province figures (six
 * or seven digits, a 环比 of ▲99999.9%) then stay whole in their cell instead of running into the
 * next one or past the panel's edge. The box must take its width from the layout (a grid cell, a
 * table column of a fixed layout, a stretched flex item), never from its text. `data-fit` holds
 * the scale (tests read it).
 *
 * Measured when `key` changes and when the box is resized, never per frame: the key is what
 * decides the width — a tweened figure's text length (FigureGlide.text), not the figure shown
 * mid-glide (tabular digits: every text of one length is one width). A null key: not fitted.
 */
export const fit: Action<HTMLElement, string | number | null> = (node, key) => {
	let width = key === null ? -1 : measure(node);
	let frame = 0;
	let due = false;
	// a resize measures in the next frame: a box changed inside the observer's own callback is
	// a loop the browser reports as an error (the type's new line height changes the box's height)
	const resized = new ResizeObserver(() => {
		if (key === null || node.clientWidth === width) return;
		cancelAnimationFrame(frame);
		frame = requestAnimationFrame(() => (width = measure(node)));
	});
	resized.observe(node);
	return {
		update(next) {
			if (next === key) return;
			key = next;
			if (key === null) {
				node.style.removeProperty('--fit');
				delete node.dataset.fit;
				delete node.dataset.fitNeed;
				fitTogether(node);
				width = -1;
				return;
			}
			// an action hears of its new key before the text that goes with it is in the page (the
			// same flush updates it later): measured once that flush is done, before anything is drawn
			if (due) return;
			due = true;
			queueMicrotask(() => {
				due = false;
				if (key !== null) width = measure(node);
			});
		},
		destroy() {
			cancelAnimationFrame(frame);
			resized.disconnect();
			delete node.dataset.fitNeed;
			fitTogether(node);
		}
	};
};

/**
 * Figures fitted together (a container marked `data-fit-group`: a panel's grid of figures) all
 * take the smallest scale any of them needs, so one figure longer than the rest does not leave
 * a panel of figures in two sizes side by side. Each keeps what it needs alone in `data-fit-need`.
 */
function fitTogether(node: HTMLElement): void {
	const group = node.closest<HTMLElement>('[data-fit-group]');
	if (!group) return;
	const members = [...group.querySelectorAll<HTMLElement>('[data-fit-need]')];
	const scale = Math.min(1, ...members.map((m) => Number(m.dataset.fitNeed)));
	for (const m of members) {
		m.style.setProperty('--fit', String(scale));
		m.dataset.fit = String(scale);
	}
}

/** Scales the node's type to fit its box (see fit); returns the box's width it was fitted to. */
function measure(node: HTMLElement): number {
	// an explicit 1, not none: a box inside another fitted one is measured at its own size
	node.style.setProperty('--fit', '1');
	const fitted = node.clientWidth;
	// widths as drawn, to the fraction of a pixel (whole pixels hide the 0.3 px that ellipsizes a
	// label); room and need both in the wall's scale, which their ratio does not see
	const room = node.getBoundingClientRect().width;
	let scale = 1;
	// what the content needs: the box at its max-content width for a moment (nothing is drawn in
	// between), the widest text it will show included (FigureGlide's sizer)
	const width = node.style.width;
	node.style.width = 'max-content';
	for (let i = 0; i < 4; i++) {
		const next = fitScale(room, node.getBoundingClientRect().width, scale);
		if (next === scale) break;
		scale = next;
		node.style.setProperty('--fit', String(scale));
	}
	node.style.width = width;
	node.dataset.fit = String(scale);
	node.dataset.fitNeed = String(scale);
	fitTogether(node);
	return fitted;
}

/**
 * A key figure's glide (figureTween) and the text its box is fitted to while it moves: the longer
 * of where it glides from and where to, the target's once it arrives. Rising, it is fitted to its
 * target from the first frame, so its type does not change mid-glide; falling (12,345 → 980), it
 * keeps the room of the five digits it shows on the way. The text changes with a target's
 * length, never per frame; shown as the figure's sizer (`data-fit-text`, drawn invisibly under
 * the figure: the box is as wide as the widest text it will show).
 */
export class FigureGlide {
	readonly #tween: Tween<number>;
	text = $state('0');

	constructor() {
		this.#tween = figureTween();
	}

	get current(): number {
		return this.#tween.current;
	}

	/** Glides to `value` (from an effect: where it is now is read untracked, so the effect does not rerun every frame). */
	to(value: number): void {
		const to = fmt(value);
		const from = fmt(untrack(() => this.#tween.current));
		this.text = from.length > to.length ? from : to;
		void this.#tween.set(value).then(() => {
			if (this.#tween.target === value) this.text = to;
		});
	}
}
