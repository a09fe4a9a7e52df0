import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/access.ts';
import { t } from '../../src/lib/domain/spec-support.ts';
import { ensureRules, loadClockConfig } from '../../src/lib/server/clocks/config.ts';
import { rebuildRateInputsLocked } from '../../src/lib/server/feed/rate-inputs.ts';
import { applyTransition, type ServiceActor, type TransitionResult } from '../../src/lib/server/lifecycle/index.ts';
import { freezeSnapshot } from '../../src/lib/server/meetings/freeze.ts';
import { rateItems, ratesReport } from '../../src/lib/server/work/rates.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { insertItem, seedRegions } from '../support/fixtures.ts';
import { relayAll, supervisorAt } from '../support/meetings.ts';

/**
 * The meeting's per-unit 按期办结率 (按期办结率下降单位) judges as /rates does, for items the real
 * lifecycle moved: conclusions by their clock (holidays, 退回重办), open items only once overdue — an
 * item due on the freeze's day is not late.
 */
describe('a meeting snapshot: units’ 按期办结率 as /rates counts it', () => {
	let db: TestDatabase;
	let user: Principal;
	let unit: number;
	let other: number;
	const office: ServiceActor = { role: 'supervisor', scope: '370000', unitId: null, name: '省信访局 王督查', userId: null, username: 'wang' };
	const clerk = (unitId: number): ServiceActor => ({ role: 'unit', scope: '370102', unitId, name: `单位${unitId} 经办` });
	// 10:00 local on Thursday 9 July 2026; the window is 11 April – 9 July
	const FREEZE = t('2026-07-09 10:00');

	async function ok(result: Promise<TransitionResult>) {
		const r = await result;
		if (!r.ok) throw new Error(`refused ${r.rule}: ${r.message}`);
		return r;
	}
	async function accepted(unitId: number, routed: string, acceptedOn: string) {
		const id = String(await insertItem(db.sql, { region: '370102', receivedAt: t(`${routed} 08:00`) }));
		await ok(applyTransition(db.sql, office, id, 'route', { unitId }, { at: t(routed) }));
		await ok(applyTransition(db.sql, clerk(unitId), id, 'accept', {}, { at: t(acceptedOn) }));
		return id;
	}
	const conclude = (unitId: number, id: string, at: string) => ok(applyTransition(db.sql, clerk(unitId), id, 'conclude', { outcome: 'support', text: '支持' }, { at: t(at) }));

	beforeAll(async () => {
		db = await createTestDatabase();
		await seedRegions(db.sql);
		await ensureRules(db.sql);
		user = await supervisorAt(db.sql);
		[{ id: unit }, { id: other }] = await db.sql<{ id: number }[]>`
			insert into unit (name, region, kind, sector) values ('历下区人社局', '370102', 'government', '人社'), ('历下区住建局', '370102', 'government', '住建') returning id`;
		// P: accepted 03-05, due 05-06 (05-04 falls in 劳动节), concluded 04-20: on time
		const p = await accepted(unit, '2026-03-02 09:00', '2026-03-05 09:00');
		await conclude(unit, p, '2026-04-20 09:00');
		// Q: accepted 04-02, due 06-01, still open: late
		await accepted(unit, '2026-04-01 09:00', '2026-04-02 09:00');
		// R: accepted 05-10, due 07-09 — the freeze's day: not late yet
		await accepted(unit, '2026-05-08 09:00', '2026-05-10 09:00');
		// S: concluded 04-20 on time, sent back 05-10: the new clock is due 07-09, not late yet
		const s = await accepted(unit, '2026-03-02 09:00', '2026-03-05 09:00');
		await conclude(unit, s, '2026-04-20 09:00');
		await ok(applyTransition(db.sql, office, s, 'send-back', { reason: '未回应主要诉求' }, { at: t('2026-05-10 09:00') }));
		// V: accepted 04-10, due 06-09, concluded 06-15: late
		const v = await accepted(unit, '2026-04-08 09:00', '2026-04-10 09:00');
		await conclude(unit, v, '2026-06-15 09:00');
		// the other unit: one conclusion in time (accepted 05-01, concluded 06-01)
		const w = await accepted(other, '2026-04-28 09:00', '2026-05-01 09:00');
		await conclude(other, w, '2026-06-01 09:00');
		await relayAll(db.sql);
	});
	afterAll(async () => db?.drop());

	const expected = () => [
		{ unitId: unit, name: '历下区人社局', due: 3, onTime: 1 },
		{ unitId: other, name: '历下区住建局', due: 1, onTime: 1 }
	];

	it('row by row (rate inputs not built): P in time, Q and V late, R and S due today not counted', async () => {
		const frozen = await freezeSnapshot(db.sql, user, '七月联席会议', '370000', FREEZE);
		if ('refused' in frozen) throw new Error('refused');
		expect(frozen.facts.units).toEqual(expected());
		// the same counts /rates gives for the window, unit by unit
		const config = await loadClockConfig(db.sql);
		const period = { from: '2026-04-11', to: '2026-07-09' };
		const league = ratesReport(await rateItems(db.sql, user, '370000', period), period, FREEZE, config, 'onTimeConclusion').league;
		const rows = [...league.ranked, ...league.belowMinimum].sort((a, b) => a.unitId - b.unitId);
		expect(rows.map((r) => ({ unitId: r.unitId, due: r.rate.denominator, onTime: r.rate.numerator }))).toEqual(expected().map(({ unitId, due, onTime }) => ({ unitId, due, onTime })));
	});

	it('from the rate inputs’ rollups, the same', async () => {
		await rebuildRateInputsLocked(db.sql);
		const frozen = await freezeSnapshot(db.sql, user, '七月联席会议（复核）', '370000', FREEZE);
		if ('refused' in frozen) throw new Error('refused');
		expect(frozen.facts.units).toEqual(expected());
		// a day later R and S are overdue
		const later = await freezeSnapshot(db.sql, user, '七月联席会议（次日）', '370000', t('2026-07-10 10:00'));
		if ('refused' in later) throw new Error('refused');
		expect(later.facts.units.find((u) => u.unitId === unit)).toMatchObject({ due: 5, onTime: 1 });
	});
});
