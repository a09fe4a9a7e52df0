import { diffCounts, diffSnapshots } from '$lib/domain/meetings.ts';
import { followUpLight } from '$lib/domain/follow-ups.ts';
import type { Principal } from '$lib/domain/access.ts';
import { loadClockConfig } from '$lib/server/clocks/config.ts';
import type { Sql } from '$lib/server/db/connection.ts';
import { agendaOf, decisionsOf, serialsOf, snapshotsOf, type MeetingRow } from '$lib/server/meetings/read.ts';
import { formatInstant, localInput } from '$lib/time.ts';

const LIST = 30;
const at = formatInstant;

/** Everything the meeting page and the slides show: the diff with the items behind each figure, the agenda and its decisions. */
export async function meetingView(sql: Sql, user: Principal, m: MeetingRow, now: Date) {
	const { current, baseline } = await snapshotsOf(sql, user, m);
	const diff = diffSnapshots(baseline?.facts ?? null, current.facts);
	const lists = { newItems: diff.newItems, resolved: diff.resolved, newlyOverdue: diff.newlyOverdue, newRisks: diff.newRisks };
	const serials = await serialsOf(sql, Object.values(lists).flatMap((ids) => ids.slice(0, LIST)));
	const agenda = await agendaOf(sql, m.id);
	const { yellowDays } = (await loadClockConfig(sql)).rules; // the light window in force, as for items
	const decisions = (await decisionsOf(sql, m.id)).map((d) => ({ ...d, recordedAt: at(d.recordedAt), doneAt: d.doneAt ? at(d.doneAt) : null, clock: followUpLight(d.due, d.status === 'done', now, yellowDays) }));
	return {
		meeting: { ...m, heldAt: at(m.heldAt), heldAtInput: localInput(m.heldAt) },
		snapshot: { id: current.id, name: current.name, seq: current.seq, takenAt: at(current.takenAt), takenBy: current.takenBy, wall: current.wall },
		baseline: baseline ? { id: baseline.id, name: baseline.name, seq: baseline.seq, takenAt: at(baseline.takenAt) } : null,
		counts: diffCounts(diff),
		lists: Object.fromEntries(Object.entries(lists).map(([k, ids]) => [k, ids.slice(0, LIST).map((id) => ({ id, serial: serials[id] ?? String(id) }))])) as Record<keyof typeof lists, { id: number; serial: string }[]>,
		diff: { casesMoved: diff.casesMoved, casesStalled: diff.casesStalled, lettersIssued: diff.lettersIssued, lettersAnswered: diff.lettersAnswered, rateChanges: diff.rateChanges.filter((r) => r.change !== null).slice(0, 12) },
		agenda: agenda.map((a) => ({ ...a, decisions: decisions.filter((d) => d.agendaItemId === a.id) }))
	};
}
