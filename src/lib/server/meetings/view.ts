import { diffCounts, diffSnapshots } from '../../domain/meetings.ts';
import { followUpLight } from '../../domain/follow-ups.ts';
import type { Principal } from '../../domain/access.ts';
import { loadClockConfig } from '../clocks/config.ts';
import type { Sql } from '../db/connection.ts';
import { agendaOf, decisionsOf, serialsOf, snapshotsOf, type DecisionRow, type MeetingRow } from './read.ts';
import { formatInstant, localInput } from '../../time.ts';

const LIST = 30;
/** items an agenda entry links to (by serial) */
const REFS = 10;
const at = formatInstant;

/** Everything the meeting page and the slides show: the diff with the items behind each figure, the agenda and its decisions. */
export async function meetingView(sql: Sql, user: Principal, m: MeetingRow, now: Date) {
	const { current, baseline } = await snapshotsOf(sql, user, m);
	const diff = diffSnapshots(baseline?.facts ?? null, current.facts);
	const lists = { newItems: diff.newItems, resolved: diff.resolved, newlyOverdue: diff.newlyOverdue, newRisks: diff.newRisks };
	const agenda = await agendaOf(sql, m.id);
	const refs = agenda.flatMap((a) => (a.ref.itemIds ?? []).slice(0, REFS));
	const serials = await serialsOf(sql, [...Object.values(lists).flatMap((ids) => ids.slice(0, LIST)), ...refs]);
	const { yellowDays } = (await loadClockConfig(sql)).rules; // the light window in force, as for items
	const withClock = (d: DecisionRow) => ({ ...d, recordedAt: at(d.recordedAt), doneAt: d.doneAt ? at(d.doneAt) : null, clock: followUpLight(d.due, d.status === 'done', now, yellowDays) });
	const decisions = (await decisionsOf(sql, m.id)).map(withClock);
	// 上次会议议定事项: the reviewed meeting's decisions as they stand now
	const reviewed = agenda.find((a) => a.kind === 'review')?.ref.meetingId;
	const pastDecisions = reviewed ? (await decisionsOf(sql, reviewed)).map(withClock) : [];
	return {
		meeting: { ...m, heldAt: at(m.heldAt), heldAtInput: localInput(m.heldAt) },
		snapshot: { id: current.id, name: current.name, seq: current.seq, takenAt: at(current.takenAt), takenBy: current.takenBy, wall: current.wall },
		baseline: baseline ? { id: baseline.id, name: baseline.name, seq: baseline.seq, takenAt: at(baseline.takenAt) } : null,
		counts: diffCounts(diff),
		lists: Object.fromEntries(Object.entries(lists).map(([k, ids]) => [k, ids.slice(0, LIST).map((id) => ({ id, serial: serials[id] ?? String(id) }))])) as Record<keyof typeof lists, { id: number; serial: string }[]>,
		diff: { casesMoved: diff.casesMoved, casesStalled: diff.casesStalled, lettersIssued: diff.lettersIssued, lettersAnswered: diff.lettersAnswered, rateChanges: diff.rateChanges.filter((r) => r.change !== null).slice(0, 12) },
		agenda: agenda.map((a) => ({
			...a,
			items: (a.ref.itemIds ?? []).slice(0, REFS).map((id) => ({ id, serial: serials[id] ?? '—' })),
			decisions: decisions.filter((d) => d.agendaItemId === a.id),
			reviewed: a.kind === 'review' ? pastDecisions : []
		}))
	};
}
