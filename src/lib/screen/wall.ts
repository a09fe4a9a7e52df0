import { addDays, dayOfWeek } from '../domain/deadlines.ts';
import type { Rate } from '../domain/rates.ts';

/**
 * The command wall's figures for one region, as of a feed seq. The server reads them from
 * rollups (and the small lead_case / supervision_letter / rate_board tables) in one
 * repeatable-read transaction; the browser keeps them current with feed events (apply.ts).
 * No personal data: aggregates, serials and masked names only.
 */
export type WallSnapshot = {
	seq: number;
	/** local (Asia/Shanghai) day the figures are for, YYYY-MM-DD */
	today: string;
	region: Place & { level: 'province' | 'city' | 'county'; center: [number, number] | null };
	/** from the account's scope down to the region shown: the drill-down breadcrumb */
	path: Place[];
	/** the boundary file to draw (a county is cut from its city's file) */
	map: string;
	/** the child regions drawn on the map (a county: itself), with their centres */
	areas: Area[];
	todayByArea: Record<string, number>;
	monthByArea: Record<string, number>;
	/** items per day for the 90 days ending today, oldest first */
	trend: { day: string; items: number }[];
	periods: Record<PeriodKey, Bucket>;
	/** open items by light now, in the region and per area */
	lights: LightCounts;
	lightsByArea: Record<string, LightCounts>;
	/** group visits (批次) received today per area: the map's markers */
	groupsByArea: Record<string, number>;
	/** 越级 this month per area: the 信访上行 flows drawn on the map */
	skipByArea: Record<string, number>;
	overdueUnits: { unitId: number; name: string; red: number }[];
	overdueItems: OverdueItem[];
	cases: CaseBoard;
	rates: RateBoard | null;
	letters: LetterCounts;
	/**
	 * 群体访预警 now (the rules' window, the same rule and reader as /work's list): clusters that
	 * reached or approach the group threshold, and the reached ones per area. Re-read with the
	 * snapshot (every 5 minutes); absent in snapshots frozen before it was shown.
	 */
	groupWarnings?: GroupWarnings;
	/** 群体访: this many people or more (the rules in force when the snapshot was read; the feed reducers count with it) */
	groupThreshold: number;
};

export type Place = { adcode: string; name: string };
export type GroupWarnings = { windowHours: number; reached: number; approaching: number; reachedByArea: Record<string, number> };
export type Area = Place & { center: [number, number] | null };
export type Light = 'yellow' | 'due_today' | 'red' | 'paused';
export type LightCounts = Record<Light, number>;
export const LIGHTS: Light[] = ['red', 'due_today', 'yellow', 'paused'];
export const noLights = (): LightCounts => ({ yellow: 0, due_today: 0, red: 0, paused: 0 });

/** Counts of items received in a span of local days. */
export type Bucket = {
	from: string;
	to: string;
	items: number;
	persons: number;
	skipLevel: number;
	repeats: number;
	groupBatches: number;
	groupPersons: number;
	channels: Record<string, number>;
	categories: Record<string, number>;
};

export type OverdueItem = { id: number; serial: string; region: string; category: string; unit: string | null; clockDue: string | null };

export type CaseBoard = {
	total: number;
	resolving: number;
	resolved: number;
	overdue: number;
	/** resolving past the deadline, longest overdue first */
	stuck: { id: number; title: string; leader: string; region: string; daysOverdue: number }[];
	scorecard: { leader: string; cases: number; resolved: number; overdue: number }[];
	/** 领导接访/下访/约访 this local month (absent in snapshots frozen before receptions were recorded) */
	receptions?: ReceptionBoard;
};

export type ReceptionBoard = {
	month: string;
	receptions: number;
	persons: number;
	byKind: { reception: number; visit: number; appointment: number };
	/** the latest of the month: leader by title and masked name */
	latest: { id: number; day: string; leader: string; kind: 'reception' | 'visit' | 'appointment'; persons: number }[];
};

export type RateName = 'timelyAcceptance' | 'onTimeConclusion' | 'satisfaction' | 'participation';
export type RateBoard = {
	from: string;
	to: string;
	computedAt: string;
	rates: Record<RateName, Rate>;
	/**
	 * the child regions (a province's cities, a city's counties; a county's units) by 按期办结率,
	 * ranked only at the rules' minimum volume, equal rates told apart by volume
	 */
	league: LeagueEntry[];
	/** what the league ranks (absent in snapshots frozen when it ranked units) */
	leagueOf?: 'city' | 'county' | 'unit';
	minVolume: number;
	belowMinimum: number;
};

/** One league row; `unit` instead of `name` in snapshots frozen when the league ranked units. */
export type LeagueEntry = { name?: string; unit?: string; value: number | null; volume: number; rank: number };

export type LetterCounts = { issuedToday: number; awaitingSign: number; feedbackOverdue: number };

export type PeriodKey = 'today' | 'yesterday' | 'todayLastYear' | 'week' | 'lastWeek' | 'weekLastYear' | 'month' | 'lastMonth' | 'monthLastYear';

/** The same calendar day a year earlier (29 Feb → 28 Feb). */
function yearEarlier(day: string): string {
	const candidate = `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`;
	return candidate.endsWith('02-29') ? candidate.replace(/29$/, '28') : candidate;
}

/** The last day of the month before `day`'s month, not past the same day of the month. */
function monthEarlier(day: string): { from: string; to: string } {
	const first = `${day.slice(0, 7)}-01`;
	const lastOfPrev = addDays(first, -1);
	const from = `${lastOfPrev.slice(0, 7)}-01`;
	const sameDay = `${lastOfPrev.slice(0, 7)}-${day.slice(8)}`;
	return { from, to: sameDay < lastOfPrev ? sameDay : lastOfPrev };
}

/**
 * The spans the volume panel compares, to date: 环比 is the previous span of the same length
 * (yesterday, last week's Monday to the same weekday, last month to the same day), 同比 the
 * same span a year earlier (a week: 52 weeks earlier, so weekdays line up).
 */
export function periodRanges(today: string): Record<PeriodKey, { from: string; to: string }> {
	const monday = addDays(today, -((dayOfWeek(today) + 6) % 7));
	const monthStart = `${today.slice(0, 7)}-01`;
	return {
		today: { from: today, to: today },
		yesterday: { from: addDays(today, -1), to: addDays(today, -1) },
		todayLastYear: { from: yearEarlier(today), to: yearEarlier(today) },
		week: { from: monday, to: today },
		lastWeek: { from: addDays(monday, -7), to: addDays(today, -7) },
		weekLastYear: { from: addDays(monday, -364), to: addDays(today, -364) },
		month: { from: monthStart, to: today },
		lastMonth: monthEarlier(today),
		monthLastYear: { from: yearEarlier(monthStart), to: yearEarlier(today) }
	};
}

export const emptyBucket = (span: { from: string; to: string }): Bucket => ({
	...span,
	items: 0,
	persons: 0,
	skipLevel: 0,
	repeats: 0,
	groupBatches: 0,
	groupPersons: 0,
	channels: {},
	categories: {}
});

/** Change against a base figure: null when the base is 0 (no honest percentage). */
export const change = (now: number, base: number): number | null => (base > 0 ? (now - base) / base : null);
