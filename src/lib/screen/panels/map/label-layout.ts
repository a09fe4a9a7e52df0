/** A box on the map overlay, in pixels: top-left corner and size. */
export type Box = { x: number; y: number; w: number; h: number };
/** A label to place: its area's centre (the anchor), its size, and the sizes of its compact forms (fewer, longer lines), most to least. */
export type LabelRequest = { id: string; at: [number, number]; w: number; h: number; compact?: { w: number; h: number }[] };
/** A placed label: its box, whether it moved off its anchor (then a leader line joins them), and its form: 0 full, n the n-th compact one. */
export type PlacedLabel = { id: string; box: Box; callout: boolean; form: number };

const GAP = 4;
const RADII = [44, 64, 88, 116, 148, 184, 224];
const DIRECTIONS = 16;

export const intersects = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const grown = (b: Box): Box => ({ x: b.x - GAP / 2, y: b.y - GAP / 2, w: b.w + GAP, h: b.h + GAP });
const inside = (b: Box, bounds: { width: number; height: number }) => b.x >= 0 && b.y >= 0 && b.x + b.w <= bounds.width && b.y + b.h <= bounds.height;
const centred = (size: { w: number; h: number }, cx: number, cy: number): Box => ({ x: cx - size.w / 2, y: cy - size.h / 2, w: size.w, h: size.h });

/**
 * Places map labels so no two boxes intersect (nor the obstacles: the legends): each label sits
 * on its area's centre when it fits there; crowded ones (the small urban districts) move out,
 * away from their neighbours, onto the first free spot on widening rings, drawn as callouts.
 * Labels with the fewest neighbours are placed first, so the crowd is what moves. A label with
 * no free spot in its full form tries its compact forms the same way, one after the other (a busy
 * province's map, every city with group visits and overdue items). Should one still find no room,
 * every label starts a form smaller; with none left, the placement that left fewest labels on
 * their anchors without room is kept (the caller's text-fit check would show it).
 */
export function placeLabels(labels: LabelRequest[], bounds: { width: number; height: number }, obstacles: Box[] = []): PlacedLabel[] {
	const near = (r: LabelRequest) => labels.filter((o) => o !== r && Math.hypot(o.at[0] - r.at[0], o.at[1] - r.at[1]) < Math.max(r.w, r.h) * 1.5).length;
	/** each label with the direction a crowded one moves in: away from its neighbours' centroid */
	const away = (r: LabelRequest) => {
		const others = labels.filter((o) => o !== r && Math.hypot(o.at[0] - r.at[0], o.at[1] - r.at[1]) < 160);
		const cx = others.length ? others.reduce((s, o) => s + o.at[0], 0) / others.length : r.at[0];
		const cy = others.length ? others.reduce((s, o) => s + o.at[1], 0) / others.length : r.at[1] - 1;
		return Math.atan2(r.at[1] - cy, r.at[0] - cx);
	};
	const order = labels
		.map((r) => ({ r, crowd: near(r), away: away(r) }))
		.sort((a, b) => a.crowd - b.crowd || a.r.id.localeCompare(b.r.id));
	// when some label finds no room in any form, every label starts a form smaller: a crowded map
	// reads better with all its labels compact than with the first ones placed full and one over another
	const levels = Math.max(0, ...labels.map((r) => r.compact?.length ?? 0));
	let best: { placed: Map<string, PlacedLabel>; stuck: number } | null = null;
	for (let level = 0; level <= levels; level++) {
		const attempt = placeFrom(order, bounds, obstacles, level);
		if (!best || attempt.stuck < best.stuck) best = attempt;
		if (attempt.stuck === 0) break;
	}
	return labels.map((r) => best!.placed.get(r.id)!);
}

/** One placement, in `order`, each label trying its forms from `level` on (its smallest when it has fewer); `stuck`: how many found no room. */
function placeFrom(order: { r: LabelRequest; away: number }[], bounds: { width: number; height: number }, obstacles: Box[], level: number): { placed: Map<string, PlacedLabel>; stuck: number } {
	const taken: Box[] = obstacles.map(grown);
	const placed = new Map<string, PlacedLabel>();
	const free = (b: Box) => inside(b, bounds) && !taken.some((t) => intersects(grown(b), t));
	/** the label's box at `size`: on its anchor when free, else the first free spot on the rings, else none */
	const spot = (r: LabelRequest, away: number, size: { w: number; h: number }): { box: Box; callout: boolean } | null => {
		const at = centred(size, r.at[0], r.at[1]);
		if (free(at)) return { box: at, callout: false };
		for (const radius of RADII)
			for (let k = 0; k < DIRECTIONS; k++) {
				// 0, +1, −1, +2, −2 … steps from the direction away from the crowd
				const step = Math.ceil(k / 2) * (k % 2 ? 1 : -1);
				const angle = away + (step * 2 * Math.PI) / DIRECTIONS;
				const candidate = centred(size, r.at[0] + radius * Math.cos(angle), r.at[1] + radius * Math.sin(angle));
				if (free(candidate)) return { box: candidate, callout: true };
			}
		return null;
	};
	let stuck = 0;
	for (const { r, away } of order) {
		const forms = [r, ...(r.compact ?? [])];
		const from = Math.min(level, forms.length - 1);
		let label: PlacedLabel | null = null;
		for (let form = from; form < forms.length && !label; form++) {
			const found = spot(r, away, forms[form]);
			if (found) label = { id: r.id, ...found, form };
		}
		if (!label) {
			stuck++;
			label = { id: r.id, box: centred(forms[from], r.at[0], r.at[1]), callout: false, form: from };
		}
		taken.push(grown(label.box));
		placed.set(r.id, label);
	}
	return { placed, stuck };
}

/** The point of a box nearest to `p`: where a callout's leader line meets its label. */
export function nearestPoint(box: Box, p: [number, number]): [number, number] {
	return [Math.min(Math.max(p[0], box.x), box.x + box.w), Math.min(Math.max(p[1], box.y), box.y + box.h)];
}

/** A conservative width of a label line at `size` px: CJK and symbols a full em, digits and Latin about 0.6. */
export function textWidth(text: string, size: number): number {
	let w = 0;
	for (const ch of text) w += /[\u0020-\u007e]/.test(ch) ? size * 0.62 : size;
	return Math.ceil(w);
}
