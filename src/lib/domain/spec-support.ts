/** Test helpers: local times written as people read them, and item facts in a short form. */
import { DEFAULT_CALENDAR, type HolidayCalendar } from './calendar.ts';
import type { Config, ItemFacts } from './clocks.ts';
import { DEFAULT_RULES, type Rules } from './rules.ts';
import type { Status, Track } from './vocabulary.ts';

/** '2026-03-03 09:00' (or a bare date, meaning 09:00) in Asia/Shanghai. */
export function t(local: string): Date {
	const [date, time = '09:00'] = local.split(' ');
	const d = new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+08:00`);
	if (Number.isNaN(d.getTime())) throw new Error(`bad test time ${local}`);
	return d;
}

export type Short = {
	received: string;
	routed?: string;
	accepted?: string;
	rejected?: string;
	concluded?: string;
	/** 退回重办: the latest send-back */
	reopened?: string;
	replied?: string;
	status?: Status;
	closed?: string;
	track?: Track;
	diverted?: string;
	ext?: [days: number, at: string][];
	pauses?: [from: string, to: string | null][];
	review?: [requested: string, decided?: string, replied?: string];
	recheck?: [requested: string, decided?: string, replied?: string];
};

const opt = (s?: string) => (s ? t(s) : null);
const appeal = (a?: [string, string?, string?]) => (a ? { requestedAt: t(a[0]), decidedAt: opt(a[1]), repliedAt: opt(a[2]) } : null);

export function facts(s: Short): ItemFacts {
	return {
		status: s.status ?? (s.track && s.track !== 'petition' ? 'diverted' : 'registered'),
		track: s.track ?? 'petition',
		receivedAt: t(s.received),
		routedAt: opt(s.routed),
		acceptedAt: opt(s.accepted),
		rejectedAt: opt(s.rejected),
		concludedAt: opt(s.concluded),
		reopenedAt: opt(s.reopened),
		repliedAt: opt(s.replied),
		closedAt: opt(s.closed),
		divertedAt: opt(s.diverted),
		extensions: (s.ext ?? []).map(([days, at]) => ({ days, at: t(at), approvedBy: '局长', reason: '情况复杂' })),
		pauses: (s.pauses ?? []).map(([from, to]) => ({ from: t(from), to: to ? t(to) : null, reason: '听证', by: '复核机关' })),
		review: appeal(s.review),
		recheck: appeal(s.recheck)
	};
}

/**
 * The tests' calendar: the bundled notices of 2025 and 2026 and no later year. Cases across 2027
 * and after count on those years having no notice (the law's days, 未录入); the bundled calendar
 * gains a year every November and must not change what they expect.
 */
export const NOTICES_2025_2026: HolidayCalendar = DEFAULT_CALENDAR.filter((y) => y.year <= 2026);

export const config = (rules: Partial<Rules> = {}): Config => ({ rules: { ...DEFAULT_RULES, ...rules }, calendar: NOTICES_2025_2026 });
