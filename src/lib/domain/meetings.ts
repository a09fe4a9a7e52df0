/**
 * 信访工作联席会议: what changed between two frozen snapshots. Pure: the facts are read by the
 * server in the snapshot's own repeatable-read transaction and stored with it; the diff is
 * computed from two stored documents, never from the live tables.
 */

/** A lead-cadre case as it stood: its status and the time of its latest progress note. */
export type CaseFact = { id: number; title: string; status: 'resolving' | 'resolved' | 'settled'; deadline: string; lastNoteAt: string | null };
/** A 三函 as it stood. */
export type LetterFact = { id: number; number: string; unit: string; status: string; issuedAt: string | null; feedbackDue: string };
/** One responsible unit's 按期办结 over the window, as /rates counts it: due (concluded in it, or open and overdue) and concluded in time. */
export type UnitFact = { unitId: number; name: string; due: number; onTime: number };

/** The id sets behind a snapshot's numbers. */
export type SnapshotFacts = {
	/** local day the snapshot is for, and the window `received` covers (days, ending that day) */
	today: string;
	receivedDays: number;
	/** items not concluded, not refused and not diverted */
	open: number[];
	/** open items whose light is red */
	overdue: number[];
	/** items received in the window */
	received: number[];
	/** open group visits (5 people or more) and 越级 items: the escalation risks */
	risks: number[];
	cases: CaseFact[];
	letters: LetterFact[];
	units: UnitFact[];
};

export const RECEIVED_DAYS = 60;

export type RateChange = { unitId: number; name: string; before: number | null; after: number | null; change: number | null; due: number };

export type MeetingDiff = {
	newItems: number[];
	resolved: number[];
	newlyOverdue: number[];
	newRisks: number[];
	casesMoved: CaseFact[];
	casesStalled: CaseFact[];
	lettersIssued: LetterFact[];
	lettersAnswered: LetterFact[];
	rateChanges: RateChange[];
};

const ANSWERED = ['replied', 'closed'];
const minus = (a: number[], ...others: number[][]) => {
	const gone = new Set(others.flat());
	return a.filter((x) => !gone.has(x)).sort((x, y) => x - y);
};
export const rateOf = (u: Pick<UnitFact, 'due' | 'onTime'> | undefined) => (u && u.due > 0 ? u.onTime / u.due : null);

/**
 * The changes from `before` to `after`. With no earlier meeting (`before` null) everything the
 * current snapshot holds counts as new, nothing as resolved. An item is new when the current
 * snapshot received it and the baseline knew nothing of it (neither received nor open), so two
 * meetings more than RECEIVED_DAYS apart undercount new items received early in the gap.
 */
export function diffSnapshots(before: SnapshotFacts | null, after: SnapshotFacts): MeetingDiff {
	const base: SnapshotFacts = before ?? { ...after, open: [], overdue: [], received: [], risks: [], cases: [], letters: [], units: [] };
	const baseCases = new Map(base.cases.map((c) => [c.id, c]));
	const casesMoved: CaseFact[] = [];
	const casesStalled: CaseFact[] = [];
	for (const c of after.cases) {
		const was = baseCases.get(c.id);
		if (c.status !== 'resolving' && (!was || was.status !== 'resolving')) continue; // closed before and after
		if (!was || was.status !== c.status || was.lastNoteAt !== c.lastNoteAt) casesMoved.push(c);
		else casesStalled.push(c);
	}
	const baseLetters = new Map(base.letters.map((l) => [l.id, l]));
	const lettersIssued = after.letters.filter((l) => l.issuedAt && !baseLetters.get(l.id)?.issuedAt);
	const lettersAnswered = after.letters.filter((l) => ANSWERED.includes(l.status) && !ANSWERED.includes(baseLetters.get(l.id)?.status ?? ''));
	const baseUnits = new Map(base.units.map((u) => [u.unitId, u]));
	const rateChanges = after.units
		.map((u): RateChange => {
			const was = rateOf(baseUnits.get(u.unitId));
			const now = rateOf(u);
			return { unitId: u.unitId, name: u.name, before: was, after: now, change: was === null || now === null ? null : now - was, due: u.due };
		})
		.sort((a, b) => (a.change ?? Infinity) - (b.change ?? Infinity) || a.unitId - b.unitId);
	return {
		newItems: minus(after.received, base.received, base.open),
		resolved: minus(base.open, after.open),
		newlyOverdue: minus(after.overdue, base.overdue),
		newRisks: minus(after.risks, base.risks),
		casesMoved,
		casesStalled,
		lettersIssued,
		lettersAnswered,
		rateChanges
	};
}

/** The figures a meeting leads with, from a diff. */
export function diffCounts(d: MeetingDiff) {
	return {
		newItems: d.newItems.length,
		resolved: d.resolved.length,
		newlyOverdue: d.newlyOverdue.length,
		newRisks: d.newRisks.length,
		casesMoved: d.casesMoved.length,
		casesStalled: d.casesStalled.length,
		lettersIssued: d.lettersIssued.length,
		lettersAnswered: d.lettersAnswered.length,
		ratesFalling: d.rateChanges.filter((r) => r.change !== null && r.change < 0).length
	};
}
