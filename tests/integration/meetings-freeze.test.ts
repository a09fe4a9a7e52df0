import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/access.ts';
import { localDay } from '../../src/lib/time.ts';
import { freezeSnapshot, readSnapshot } from '../../src/lib/server/meetings/freeze.ts';
import { wallSnapshot } from '../../src/lib/server/screen/wall.ts';
import { planReplay, stateAt } from '../../src/lib/server/replay/replay.ts';
import type { WallSnapshot } from '../../src/lib/screen/wall.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { insertItem, seedRegions } from '../support/fixtures.ts';
import { acceptedItem, conclude, relayAll, setLight, supervisorAt, unitIn } from '../support/meetings.ts';

const HOUR = 3600_000;
// 10:00 local on Wednesday 2 December 2026: the day of changes below stays within the local day
const T0 = new Date('2026-12-02T02:00:00Z');

/** The state of every item as committed by `seq`: its last outbox row at or below it (the outbox is the truth). */
async function truthAt(db: TestDatabase, seq: number, today: string) {
	const [row] = await db.sql<{ today: number; month: number; persons: number; groups: number; red: number; yellow: number; open: string[]; overdue: string[] }[]>`
		with state as (
			select distinct on (entity_id) entity_id, op, payload p
			  from outbox where topic = 'petition' and seq <= ${seq} order by entity_id, seq desc
		), live as (select entity_id, p, ((p->>'receivedAt')::timestamptz at time zone 'Asia/Shanghai')::date as day from state where op <> 'delete')
		select count(*) filter (where day = ${today}::date)::int as today,
		       count(*) filter (where day >= date_trunc('month', ${today}::date))::int as month,
		       coalesce(sum((p->>'headcount')::int) filter (where day >= date_trunc('month', ${today}::date)), 0)::int as persons,
		       count(*) filter (where day >= date_trunc('month', ${today}::date) and (p->>'headcount')::int >= 5)::int as groups,
		       count(*) filter (where p->>'light' = 'red')::int as red,
		       count(*) filter (where p->>'light' = 'yellow')::int as yellow,
		       coalesce(array_agg(entity_id order by entity_id::bigint) filter (where p->>'concludedAt' is null and p->>'status' not in ('rejected', 'diverted')), '{}') as open,
		       coalesce(array_agg(entity_id order by entity_id::bigint) filter (where p->>'concludedAt' is null and p->>'light' = 'red'), '{}') as overdue
		  from live`;
	return row;
}

const figures = (w: WallSnapshot) => ({ today: w.periods.today.items, month: w.periods.month.items, persons: w.periods.month.persons, groups: w.periods.month.groupBatches, red: w.lights.red, yellow: w.lights.yellow });

describe('freezing the situation', () => {
	let db: TestDatabase;
	let user: Principal;
	let snapshotId: number;
	let frozenSeq: number;
	const today = localDay(T0);

	beforeAll(async () => {
		db = await createTestDatabase();
		await seedRegions(db.sql);
		user = await supervisorAt(db.sql);
		const a = await unitIn(db.sql, '370102', '历下区人社局');
		const b = await unitIn(db.sql, '370202', '市南区住建局');
		// the situation before the freeze: 12 items today and earlier this month, 4 red, 2 yellow, a group visit
		const ids: bigint[] = [];
		for (let i = 0; i < 12; i++) {
			const at = new Date(T0.getTime() - (i % 3) * 6 * HOUR - (i >= 6 ? 2 * 24 * HOUR : 0));
			ids.push(await acceptedItem(db.sql, { region: i % 2 ? '370102' : '370202', unitId: i % 2 ? a : b, at, due: today, headcount: i === 5 ? 7 : 1 }));
		}
		for (const id of ids.slice(0, 4)) await setLight(db.sql, id, 'red');
		for (const id of ids.slice(4, 6)) await setLight(db.sql, id, 'yellow');
		await conclude(db.sql, ids[11], new Date(T0.getTime() - HOUR));
		await relayAll(db.sql);
		const frozen = await freezeSnapshot(db.sql, user, '十二月联席会议', '370000', T0);
		if ('refused' in frozen) throw new Error('refused');
		snapshotId = frozen.id;
		frozenSeq = frozen.seq;

		// a day of further changes, hour by hour: new items, red ones concluded, yellow turning red
		for (let h = 1; h <= 12; h++) {
			const at = new Date(T0.getTime() + h * HOUR);
			await insertItem(db.sql, { region: h % 2 ? '370103' : '370202', receivedAt: at, headcount: h === 6 ? 9 : 1 });
			if (h <= 3) await conclude(db.sql, ids[h - 1], at);
			if (h === 4) await setLight(db.sql, ids[4], 'red');
			if (h % 4 === 0) await relayAll(db.sql);
		}
		await relayAll(db.sql);
	});
	afterAll(async () => db?.drop());

	it('keeps the figures of its seq after a day of changes, equal to a GROUP BY of what was committed by then', async () => {
		const snap = (await readSnapshot(db.sql, () => true, snapshotId))!;
		expect(snap.seq).toBe(frozenSeq);
		const truth = await truthAt(db, frozenSeq, today);
		expect(figures(snap.wall)).toEqual({ today: truth.today, month: truth.month, persons: truth.persons, groups: truth.groups, red: truth.red, yellow: truth.yellow });
		// by hand: 4 items at 10:00 and 04:00 today, 2 at 22:00 on 1 December, 6 in November; one of 7 people
		expect(figures(snap.wall)).toEqual({ today: 4, month: 6, persons: 12, groups: 1, red: 4, yellow: 2 });
		expect(snap.facts.open.map(String)).toEqual(truth.open);
		expect(snap.facts.overdue.map(String)).toEqual(truth.overdue);
		expect(snap.facts.open).toHaveLength(11);

		// the live wall has moved on, and agrees with the truth at its own seq
		const live = (await wallSnapshot(db.sql, user.scope, '370000', T0)) as WallSnapshot;
		expect(live.seq).toBeGreaterThan(frozenSeq);
		const now = await truthAt(db, live.seq, today);
		expect(figures(live)).toEqual({ today: now.today, month: now.month, persons: now.persons, groups: now.groups, red: now.red, yellow: now.yellow });
		expect(figures(live)).not.toEqual(figures(snap.wall));
		expect(live.lights.red).toBe(2); // 4 red − 3 concluded + 1 turned red
	});

	it('replays the window from the snapshot to the end of the day to the same end state as the live feed', async () => {
		const snap = (await readSnapshot(db.sql, () => true, snapshotId))!;
		const live = (await wallSnapshot(db.sql, user.scope, '370000', T0)) as WallSnapshot;
		const replayed = await stateAt(db.sql, '370000', snap.wall, live.seq);
		const end = (w: WallSnapshot) => ({ seq: w.seq, periods: w.periods, lights: w.lights, lightsByArea: w.lightsByArea, todayByArea: w.todayByArea, monthByArea: w.monthByArea, groupsByArea: w.groupsByArea, skipByArea: w.skipByArea, trend: w.trend, overdue: w.overdueItems.map((o) => o.id) });
		expect(end(replayed)).toEqual(end(live));
		expect(end(replayed)).not.toEqual(end(snap.wall));

		// the plan for a window: its start state is the snapshot brought forward to the window's start.
		// The day of changes was written just now; give its outbox rows the times they stand for (a minute per seq).
		await db.sql`update outbox set created_at = ${T0}::timestamptz + (seq - ${frozenSeq}) * interval '1 minute' where seq > ${frozenSeq}`;
		const mid = frozenSeq + 10;
		const whole = await planReplay(db.sql, user.scope, '370000', new Date(T0.getTime() + 1), new Date(T0.getTime() + 13 * HOUR));
		if ('refused' in whole) throw new Error(whole.refused);
		expect(whole).toMatchObject({ anchor: { id: snapshotId }, fromSeq: frozenSeq, toSeq: live.seq, events: live.seq - frozenSeq });
		const later = await planReplay(db.sql, user.scope, '370000', new Date(T0.getTime() + 10 * 60_000), new Date(T0.getTime() + 13 * HOUR));
		if ('refused' in later) throw new Error(later.refused);
		expect(later.fromSeq).toBe(mid);
		expect(end(later.start)).toEqual(end(await stateAt(db.sql, '370000', snap.wall, mid)));
		expect(end(later.start)).not.toEqual(end(snap.wall));
		expect(await planReplay(db.sql, user.scope, '370000', new Date(T0.getTime() - HOUR), T0)).toMatchObject({ field: 'from' });
		expect(await planReplay(db.sql, '370102', '370000', T0, new Date(T0.getTime() + HOUR))).toMatchObject({ field: 'region' });
	});

	it('is immutable, scoped and audited', async () => {
		await expect(db.sql`update meeting_snapshot set name = '改名' where id = ${snapshotId}`).rejects.toThrow(/不能修改/);
		const county = { ...user, scope: '370102' };
		expect(await freezeSnapshot(db.sql, county, '越权', '370000', T0)).toEqual({ refused: 'scope' });
		const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from meeting_snapshot`;
		expect(n).toBe(1);
		const [entry] = await db.sql<{ action: string; target: string }[]>`select action, target from audit_log where action = 'meeting.freeze'`;
		expect(entry).toEqual({ action: 'meeting.freeze', target: String(snapshotId) });
	});
});
