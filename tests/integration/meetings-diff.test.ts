import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/access.ts';
import { diffCounts, diffSnapshots } from '../../src/lib/domain/meetings.ts';
import { createMeeting } from '../../src/lib/server/meetings/create.ts';
import { agendaOf, meetingOf, snapshotsOf } from '../../src/lib/server/meetings/read.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { insertItem, seedRegions } from '../support/fixtures.ts';
import { acceptedItem, conclude, lateCase, relayAll, setLight, supervisorAt, unitIn } from '../support/meetings.ts';

const DAY = 86400_000;
const T0 = new Date('2026-12-02T02:00:00Z'); // first meeting's freeze, 10:00 local
const T1 = new Date(T0.getTime() + 7 * DAY); // a week later

describe('since the last meeting, on the database', () => {
	let db: TestDatabase;
	let user: Principal;
	let first: number;
	let second: number;
	const ids: Record<string, bigint> = {};

	beforeAll(async () => {
		db = await createTestDatabase();
		await seedRegions(db.sql);
		user = await supervisorAt(db.sql);
		const unit = await unitIn(db.sql, '370102', '历下区人社局');
		// before the first meeting: A open and overdue (due 1 December), B concluded on time, D open and green
		ids.a = await acceptedItem(db.sql, { region: '370102', unitId: unit, at: new Date(T0.getTime() - 70 * DAY), due: '2026-12-01' });
		ids.b = await acceptedItem(db.sql, { region: '370102', unitId: unit, at: new Date(T0.getTime() - 60 * DAY), due: '2026-11-30' });
		ids.d = await acceptedItem(db.sql, { region: '370103', unitId: unit, at: new Date(T0.getTime() - 2 * DAY), due: '2027-01-30' });
		await setLight(db.sql, ids.a, 'red');
		await conclude(db.sql, ids.b, new Date('2026-11-25T02:00:00Z'));
		const caseId = await lateCase(db.sql, { region: '370102', unitId: unit, title: '某村土地补偿款分配问题', deadline: '2026-12-31', assignedAt: new Date('2026-10-01T02:00:00Z') });
		await relayAll(db.sql);
		const m1 = await createMeeting(db.sql, user, { title: '十二月第一次联席会议', region: '370000', heldAt: T0, place: '', attendees: '' }, T0);
		if ('refused' in m1) throw new Error('refused');
		first = m1.id;

		// the week between: A concluded late, C arrives, is due on 8 December and concluded in time,
		// E arrives and goes overdue, F is a group visit of 7, the case gets a progress note
		await conclude(db.sql, ids.a, new Date(T0.getTime() + 2 * DAY));
		ids.c = await acceptedItem(db.sql, { region: '370102', unitId: unit, at: new Date(T0.getTime() + DAY), due: '2026-12-08' });
		await conclude(db.sql, ids.c, new Date(T0.getTime() + 3 * DAY));
		ids.e = await acceptedItem(db.sql, { region: '370202', unitId: unit, at: new Date(T0.getTime() + DAY), due: '2026-12-07' });
		await setLight(db.sql, ids.e, 'red');
		ids.f = await insertItem(db.sql, { region: '370103', receivedAt: new Date(T0.getTime() + 4 * DAY), headcount: 7 });
		await db.sql`insert into lead_case_note (case_id, at, author, text) values (${caseId}, ${new Date(T0.getTime() + 5 * DAY)}, '督查员', '已召开协调会')`;
		await relayAll(db.sql);
		const m2 = await createMeeting(db.sql, user, { title: '十二月第二次联席会议', region: '370000', heldAt: T1, place: '', attendees: '' }, T1);
		if ('refused' in m2) throw new Error('refused');
		second = m2.id;
	});
	afterAll(async () => db?.drop());

	it('takes the previous meeting of the region as the baseline and matches the hand-computed changes', async () => {
		const m = (await meetingOf(db.sql, user, second))!;
		const firstMeeting = (await meetingOf(db.sql, user, first))!;
		expect(m.baselineSnapshotId).toBe(firstMeeting.snapshotId);
		expect(firstMeeting.baselineSnapshotId).toBeNull();
		const { current, baseline } = await snapshotsOf(db.sql, user, m);
		const diff = diffSnapshots(baseline!.facts, current.facts);
		const n = (x: bigint) => Number(x);
		expect(diff.newItems).toEqual([n(ids.c), n(ids.e), n(ids.f)]);
		expect(diff.resolved).toEqual([n(ids.a)]);
		expect(diff.newlyOverdue).toEqual([n(ids.e)]);
		expect(diff.newRisks).toEqual([n(ids.f)]);
		expect(diffCounts(diff)).toMatchObject({ newItems: 3, resolved: 1, newlyOverdue: 1, newRisks: 1, casesMoved: 1, casesStalled: 0 });
		// 按期办结 of the unit, judged as /rates judges the 90 days (60 days from each acceptance; the
		// conclude_due the fixture writes is not what the clocks read): B in time, A open past its date
		// → 1/2; a week later A concluded late, B and C in time, E (accepted 3 December) not due until
		// 2027 → 2/3. (D is not due yet.)
		const [rate] = diff.rateChanges;
		expect([rate.before, rate.after, rate.due]).toEqual([0.5, 2 / 3, 3]);
	});

	it('proposes the second agenda from the changes: the first meeting reviewed, then the new overdue item and the new group visit', async () => {
		const agenda = await agendaOf(db.sql, second);
		expect(agenda.map((a) => a.kind)).toEqual(['review', 'overdue', 'group']);
		// every later meeting opens with the last one's decisions (the first decided none)
		expect(agenda[0]).toMatchObject({ title: '上次会议议定事项落实情况：上次会议未议定事项', ref: { meetingId: first } });
		expect(agenda[1].title).toBe('逾期未办结事项 1 件（其中本期新增 1 件）');
		expect(agenda[2]).toMatchObject({ title: '新增群体访风险 1 批', ref: { itemIds: [Number(ids.f)] } });
	});
});
