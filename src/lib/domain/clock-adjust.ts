/**
 * What extends a running clock, within the statute: approved extensions (办结 only) and pauses
 * (听证, on the clocks the rules name), taken in the order they happened.
 *
 * - An extension counts only if approved by the last day of the period as it then stood; all
 *   extensions together are capped at MAX_EXTENSION_DAYS (《信访条例》第33条), a constant of law.
 * - A pause counts only if it starts while the clock runs and by its last day: it cannot revive
 *   an expired period. The days it excludes follow the period rule (民法典 第201条: the first day
 *   is not counted), so a pause that starts and ends on the same day excludes nothing and an
 *   overnight one excludes one day. Overlapping pauses are counted once.
 */
import { periodEnd } from './calendar.ts';
import type { Config, ItemFacts, OpenPause, Span } from './clocks.ts';
import { daysBetween, localDate } from './deadlines.ts';
import { MAX_EXTENSION_DAYS } from './statute.ts';

export type Adjusted = { extensionDays: number; pausedDays: number; pause: OpenPause | null; notes: string[] };

type Event = { at: Date; extension?: number; pauseTo?: Date | null };

const seen = (at: Date | null | undefined, now: Date): Date | null => (at && at.getTime() <= now.getTime() ? at : null);

export function adjust(span: Span, item: ItemFacts, now: Date, config: Config, start: string, limitDays: number, pausable: boolean): Adjusted {
	const { rules, calendar } = config;
	const until = span.endedAt ?? now;
	const events: Event[] = [];
	if (span.kind === 'conclude')
		for (const e of item.extensions ?? []) if (seen(e.at, now) && e.at <= until) events.push({ at: e.at, extension: e.days });
	if (pausable)
		for (const p of item.pauses ?? []) if (seen(p.from, now) && p.from >= span.from && p.from <= until) events.push({ at: p.from, pauseTo: seen(p.to, now) });
	events.sort((a, b) => a.at.getTime() - b.at.getTime());

	let extensionDays = 0;
	let requested = 0;
	let pausedDays = 0;
	let pause: OpenPause | null = null;
	let pausedUntil: Date | null = null;
	const notes: string[] = [];
	const due = () => periodEnd(start, limitDays + extensionDays + pausedDays, calendar, { weekendExtends: rules.weekendExtends });

	for (const e of events) {
		const day = localDate(e.at);
		if (e.extension !== undefined) {
			if (day > due()) {
				notes.push(`${day} 批准的延期晚于期限 ${due()}，不予计算（延期须在期限届满前批准）`);
				continue;
			}
			requested += e.extension;
			extensionDays = Math.min(MAX_EXTENSION_DAYS, extensionDays + e.extension);
			continue;
		}
		if (day > due()) {
			notes.push(`${day} 开始的中止晚于期限 ${due()}，不予计算（已届满的期限不因中止恢复计时）`);
			continue;
		}
		// an open pause runs to now; a pause left open when the step ended runs to its end
		const open = e.pauseTo === null || e.pauseTo === undefined;
		let to = open ? until : (e.pauseTo as Date);
		if (to > until) to = until;
		const from = pausedUntil && pausedUntil > e.at ? pausedUntil : e.at;
		if (to <= from) continue;
		const days = daysBetween(localDate(from), localDate(to));
		if (days === 0) notes.push(`${day} 的中止当日开始当日结束，按期间计算规则不计日数`);
		pausedDays += days;
		pausedUntil = to;
		if (open && !span.endedAt) {
			const ageDays = daysBetween(day, localDate(now));
			pause = { since: day, ageDays, maxDays: rules.maxPauseDays, over: ageDays > rules.maxPauseDays };
		}
	}
	if (requested > MAX_EXTENSION_DAYS) notes.push(`延期合计 ${requested} 日，按上限 ${MAX_EXTENSION_DAYS} 日计`);
	return { extensionDays, pausedDays, pause, notes };
}
