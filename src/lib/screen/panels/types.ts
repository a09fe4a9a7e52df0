import type { WallStore } from '../store.svelte.ts';
import type { PanelSpec } from './layout.ts';

/** What every panel component is given: its spec, the wall's store, and the canvas pixel ratio. */
export type PanelProps = { spec: PanelSpec; store: WallStore; pixelRatio: number };

export const fmt = (n: number) => Math.round(n).toLocaleString('zh-CN');
export const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
