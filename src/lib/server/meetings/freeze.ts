import type { Principal } from '../../domain/access.ts';
import type { SnapshotFacts } from '../../domain/meetings.ts';
import type { WallSnapshot } from '../../screen/wall.ts';
import { localDay } from '../../time.ts';
import { audit } from '../auth/audit.ts';
import type { Db, Sql } from '../db/connection.ts';
import { readWall } from '../screen/wall.ts';
import { readFacts } from './facts.ts';

export type FrozenSnapshot = { id: number; name: string; region: string; seq: number; takenAt: Date; takenBy: string; wall: WallSnapshot; facts: SnapshotFacts };

/**
 * 冻结: the whole situation of a region at one moment. The wall document (exactly what the
 * wall's own read returns), the facts behind the numbers and the seq are read in one
 * repeatable-read transaction, which also stores them and the audit entry: so the snapshot is
 * exact at its seq, and a refused freeze writes nothing.
 */
export type Frozen = { id: number; seq: number; wall: WallSnapshot; facts: SnapshotFacts };
export type Refused = { refused: 'scope' | 'missing' };

export async function freezeSnapshot(sql: Sql, user: Principal, name: string, region: string, now = new Date(), ip: string | null = null): Promise<Frozen | Refused> {
	return sql.begin('isolation level repeatable read', (tx) => freezeIn(tx, user, name, region, now, ip)) as Promise<Frozen | Refused>;
}

/** The freeze in the caller's transaction, which must be repeatable read and have read nothing yet. */
export async function freezeIn(tx: Db, user: Principal, name: string, region: string, now: Date, ip: string | null): Promise<Frozen | Refused> {
	const wall = await readWall(tx, user.scope, region, now);
	if ('refused' in wall) return wall;
	const facts = await readFacts(tx, region, localDay(now), now);
	const [row] = await tx<{ id: number }[]>`
		insert into meeting_snapshot (name, region, seq, taken_at, taken_by, wall, facts)
		values (${name}, ${region}, ${wall.seq}, ${now}, ${user.userId}, ${tx.json(wall as never)}, ${tx.json(facts as never)})
		returning id`;
	await audit(tx, { userId: user.userId, username: user.username, action: 'meeting.freeze', target: String(row.id), detail: { region, seq: wall.seq, name }, ip });
	return { id: row.id, seq: wall.seq, wall, facts };
}

/** A stored snapshot, if its region is within the account's scope. */
export async function readSnapshot(sql: Db, scopeCheck: (region: string) => boolean, id: number): Promise<FrozenSnapshot | null> {
	const [row] = await sql<(Omit<FrozenSnapshot, 'seq'> & { seq: bigint })[]>`
		select s.id, s.name, s.region, s.seq, s.taken_at as "takenAt", u.display_name as "takenBy", s.wall, s.facts
		  from meeting_snapshot s join app_user u on u.id = s.taken_by where s.id = ${id}`;
	if (!row || !scopeCheck(row.region)) return null;
	return { ...row, seq: Number(row.seq) };
}
