import type { WallStore } from '../store.svelte.ts';
import type { PanelSpec } from './layout.ts';

/** What every panel component is given: its spec, the wall's store, and the canvas pixel ratio. */
export type PanelProps = { spec: PanelSpec; store: WallStore; pixelRatio: number };

const numbers = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
/** 1,234 — one formatter for the whole wall (tweened figures format every frame). */
export const fmt = (n: number) => numbers.format(Math.round(n));
export const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
