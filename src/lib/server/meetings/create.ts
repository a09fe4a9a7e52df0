import type { Principal } from '../../domain/access.ts';
import { proposeAgenda, reviewAgendaItem, type PastDecision } from '../../domain/agenda.ts';
import { diffSnapshots, type SnapshotFacts } from '../../domain/meetings.ts';
import { DEFAULT_RULES } from '../../domain/rules.ts';
import { loadClockConfig } from '../clocks/config.ts';
import { audit } from '../auth/audit.ts';
import type { Db, Sql } from '../db/connection.ts';
import { freezeIn, type Refused } from './freeze.ts';

export type MeetingInput = { title: string; region: string; heldAt: Date; place: string; attendees: string };

/**
 * 筹备会议: freezes the region's situation now, takes the previous meeting's snapshot in the
 * region as the baseline, and writes the agenda the rules propose — all in one repeatable-read
 * transaction (the freeze reads first, so it is exact at its seq), audited.
 */
export async function createMeeting(sql: Sql, user: Principal, input: MeetingInput, now = new Date(), ip: string | null = null): Promise<{ id: number } | Refused> {
	return sql.begin('isolation level repeatable read', async (tx) => {
		const frozen = await freezeIn(tx, user, `${input.title}（会前冻结）`, input.region, now, ip);
		if ('refused' in frozen) return frozen;
		const [previous] = await tx<{ id: number; title: string; snapshotId: number; facts: SnapshotFacts }[]>`
			select m.id, m.title, m.snapshot_id as "snapshotId", s.facts from meeting m join meeting_snapshot s on s.id = m.snapshot_id
			 where m.region = ${input.region} order by m.held_at desc, m.id desc limit 1`;
		const [meeting] = await tx<{ id: number }[]>`
			insert into meeting (title, region, held_at, place, attendees, baseline_snapshot_id, snapshot_id, created_by)
			values (${input.title}, ${input.region}, ${input.heldAt}, ${input.place}, ${input.attendees}, ${previous?.snapshotId ?? null}, ${frozen.id}, ${user.userId})
			returning id`;
		const diff = diffSnapshots(previous?.facts ?? null, frozen.facts);
		const riskItems = await riskDetails(tx, diff.newRisks.slice(0, 200));
		const proposed = proposeAgenda(frozen.facts, diff, {
			overdueItems: frozen.wall.overdueItems,
			riskItems,
			minVolume: frozen.wall.rates?.minVolume ?? DEFAULT_RULES.minLeagueVolume,
			groupThreshold: frozen.wall.groupThreshold
		});
		// a region's later meetings open by reviewing what the previous one decided
		const review = previous ? reviewAgendaItem(previous, await pastDecisions(tx, previous.id), now, (await loadClockConfig(tx)).rules.yellowDays) : null;
		const agenda = review ? [review, ...proposed] : proposed;
		for (const [i, a] of agenda.entries())
			await tx`insert into agenda_item (meeting_id, position, kind, title, detail, ref) values (${meeting.id}, ${i + 1}, ${a.kind}, ${a.title}, ${a.detail}, ${tx.json(a.ref as never)})`;
		await audit(tx, { userId: user.userId, username: user.username, action: 'meeting.create', target: String(meeting.id), detail: { region: input.region, snapshot: frozen.id, baseline: previous?.snapshotId ?? null, agenda: agenda.length }, ip });
		return { id: meeting.id };
	}) as Promise<{ id: number } | Refused>;
}

function pastDecisions(tx: Db, meetingId: number): Promise<PastDecision[]> {
	return tx<PastDecision[]>`
		select d.text, un.name as "unitName", d.person, d.due::text as due, d.status = 'done' as done
		  from meeting_decision d join agenda_item a on a.id = d.agenda_item_id join unit un on un.id = d.unit_id
		 where a.meeting_id = ${meetingId} order by a.position, d.id`;
}

async function riskDetails(tx: Db, ids: number[]) {
	return tx<{ id: number; serial: string; headcount: number; skipLevel: boolean; regionName: string }[]>`
		select i.id::int, i.serial, i.headcount, i.skip_level as "skipLevel", r.name as "regionName"
		  from petition_item i join region r on r.adcode = i.region where i.id = any(${ids}::bigint[]) order by i.id`;
}
