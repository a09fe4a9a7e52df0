import type { PeriodKey, RateName } from '../wall.ts';

/**
 * The layout format's version. 1: layouts stored before versions (no `version` field);
 * 2: the version is stored with the layout, and panel options are each module's own.
 */
export const LAYOUT_VERSION = 2;

/** Where a panel sits on the layout's grid (1-based, in cells). */
export type Place = { col: number; row: number; w: number; h: number };

/** What a panel asks of the snapshot. */
export type PanelQuery = {
	/** volume, mix, category, escalation: the span counted */
	period?: Extract<PeriodKey, 'today' | 'week' | 'month'>;
	/** trend: days shown (the snapshot holds 90) */
	days?: number;
	/** lists: rows shown */
	top?: number;
};

/**
 * A panel is data (Grafana's idea): a type of the panel modules (`modules.ts`), what it asks of the snapshot,
 * its options and its place. A locality rearranges its wall by editing this, not the code.
 */
export type PanelSpec = { id: string; type: string; title: string; query?: PanelQuery; options?: Record<string, unknown>; place: Place };

export type Layout = {
	/** the layout format's version (migrate.ts brings an older stored one up to LAYOUT_VERSION) */
	version: number;
	name: string;
	title: string;
	/** the design canvas the grid divides; the wall scales it to the screen */
	width: number;
	height: number;
	columns: number;
	rows: number;
	panels: PanelSpec[];
};

/** Targets the 三率 gauges are judged against (a locality's own, set in the layout). */
export type RateTargets = Record<RateName, number>;
