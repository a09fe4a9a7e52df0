import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/access.ts';
import { currentClock } from '../../src/lib/domain/clocks.ts';
import { forecastConclusion } from '../../src/lib/domain/forecast.ts';
import { loadClockConfig } from '../../src/lib/server/clocks/config.ts';
import { loadFacts } from '../../src/lib/server/clocks/facts.ts';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { stampBatch } from '../../src/lib/server/feed/stamp.ts';
import { applyTransition, type ServiceActor } from '../../src/lib/server/lifecycle/index.ts';
import { generateDemoData } from '../../src/lib/server/sim/generate.ts';
import { queues, type Filters, type Queue } from '../../src/lib/server/work/queues.ts';
import { readWorkspace } from '../../src/lib/server/work/workspace.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const supervisor: Principal = { userId: 0, username: 't', role: 'supervisor', scope: '370000', unitId: null };
const none: Filters = { region: null, unitId: null, category: null, channel: null, q: null };

/**
 * The workspace as it was read before P9's changes, straight from the base table: every queue
 * counted and paged by joins, ORDER BY and OFFSET, and 预测逾期 forecast item by item (each with its
 * own copy of its unit's conclusions and its clock in full wording).
 */
async function reference(sql: Sql, user: Principal, filters: Filters, now: Date) {
	const config = await loadClockConfig(sql);
	const scope = (f: Filters) => sql`
		${user.scope} = any(r.path)
		${user.role === 'unit' ? sql`and i.unit_id = ${user.unitId}` : sql``}
		${f.region ? sql`and ${f.region} = any(r.path)` : sql``}
		${f.unitId ? sql`and i.unit_id = ${f.unitId}` : sql``}
		${f.category ? sql`and i.category = ${f.category}` : sql``}
		${f.channel ? sql`and i.channel = ${f.channel}` : sql``}
`;
	const open = sql`i.concluded_at is null and i.track = 'petition'`;
	const conditions: Record<Exclude<Queue, 'cases' | 'at_risk'>, ReturnType<typeof sql>> = {
		red: sql`i.light = 'red'`,
		due_today: sql`i.light = 'due_today'`,
		yellow: sql`i.light = 'yellow'`,
		repeat: sql`i.repeat_of is not null and ${open}`,
		skip_level: sql`i.skip_level and ${open}`,
		group: sql`i.headcount >= ${config.rules.groupThreshold} and ${open}`
	};
	const lists = {} as Record<Exclude<Queue, 'cases' | 'at_risk'>, string[]>;
	for (const [queue, condition] of Object.entries(conditions) as [keyof typeof conditions, ReturnType<typeof sql>][])
		lists[queue] = (
			await sql<{ id: string }[]>`
				select i.id::text from petition_item i join region r on r.adcode = i.region left join unit u on u.id = i.unit_id left join petitioner p on p.id = i.petitioner_id
				 where ${scope(filters)} and ${condition} order by i.clock_due nulls last, i.received_at, i.id`
		).map((r) => r.id);
	const candidates = await sql<{ id: string; unitId: number }[]>`
		select i.id::text, i.unit_id as "unitId" from petition_item i join region r on r.adcode = i.region
		 where ${scope(filters)} and i.clock = 'conclude' and i.light in ('green', 'yellow') and i.unit_id is not null
		 order by i.clock_due, i.id limit 2000`;
	const facts = await loadFacts(sql, candidates.map((c) => c.id));
	const atRisk: { id: string; reason: string }[] = [];
	const units = new Map<number, { concluded: { acceptedAt: Date; concludedAt: Date }[]; n: number }>();
	for (const c of candidates) {
		const item = facts.get(c.id)!;
		if (!units.has(c.unitId)) {
			const concluded = await sql<{ acceptedAt: Date; concludedAt: Date }[]>`
				select accepted_at as "acceptedAt", concluded_at as "concludedAt" from petition_item
				 where unit_id = ${c.unitId} and concluded_at is not null and accepted_at is not null and concluded_at <= ${now}
				 order by concluded_at desc, id desc limit 20`;
			const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from petition_item where unit_id = ${c.unitId} and clock = 'conclude'`;
			units.set(c.unitId, { concluded, n });
		}
		const unit = units.get(c.unitId)!;
		const forecast = forecastConclusion(item, { concluded: [...unit.concluded], openCount: unit.n || 1 }, now, config);
		// the forecast reads its clock briefly: the same dates as in full
		const [brief, full] = [currentClock(item, now, config, true), currentClock(item, now, config)];
		expect({ kind: brief.kind, start: brief.start, due: brief.due }).toEqual({ kind: full.kind, start: full.start, due: full.due });
		if (forecast.atRisk) atRisk.push({ id: c.id, reason: forecast.explanation });
	}
	return { lists, atRisk };
}

/** /work read as the page reads it (readWorkspace) equals the base-table reading, counts and pages. */
describe('the workspace queues', () => {
	let db: TestDatabase;

	beforeAll(async () => {
		db = await createTestDatabase();
		await generateDemoData(db.sql, { items: 4000, seed: 'work-queues', months: 6 });
	}, 180_000);
	afterAll(async () => db?.drop());

	async function compare(user: Principal, filters: Filters) {
		const now = new Date();
		const config = await loadClockConfig(db.sql);
		const ref = await reference(db.sql, user, filters, now);
		let pages = 0;
		for (const queue of Object.keys(queues) as Queue[]) {
			if (queue === 'cases') continue;
			const all = queue === 'at_risk' ? ref.atRisk.map((r) => r.id) : ref.lists[queue];
			// the first pages and the last: every queue is read past its first page wherever it has one
			for (const page of [1, 2, Math.max(3, Math.ceil(all.length / 20))]) {
				const offset = (page - 1) * 20;
				const read = await readWorkspace(db.sql, user, queue, filters, config, now, { limit: 20, offset });
				expect({ queue, page, ids: read.rows.map((r) => r.id) }).toEqual({ queue, page, ids: all.slice(offset, offset + 21) });
				if (queue === 'at_risk') expect(read.rows.map((r) => r.reason)).toEqual(ref.atRisk.slice(offset, offset + 21).map((r) => r.reason));
				expect({ queue, count: read.counts[queue] }).toEqual({ queue, count: all.length });
				pages++;
			}
		}
		return { pages, sizes: Object.fromEntries([...Object.entries(ref.lists).map(([q, l]) => [q, l.length]), ['at_risk', ref.atRisk.length]]) };
	}

	it('equal the base-table reading: the province, a city, a unit, filtered', async () => {
		const province = await compare(supervisor, none);
		expect(province.pages).toBe(21);
		// the comparison compares something: pages beyond the first of the long queues, and a forecast that flags
		// (the demo places items relative to now: how many are red varies with the hour and the day)
		expect(province.sizes.red).toBeGreaterThan(40);
		expect(province.sizes.at_risk).toBeGreaterThan(20);
		await compare(supervisor, { ...none, region: '370100' });
		await compare(supervisor, { ...none, category: 'land', channel: 'visit' });
		const [unit] = await db.sql<{ id: number; region: string }[]>`
			select u.id, u.region from unit u join petition_item i on i.unit_id = u.id where i.concluded_at is null group by u.id order by count(*) desc limit 1`;
		await compare({ userId: 1, username: 'u', role: 'unit', scope: unit.region, unitId: unit.id }, none);
	}, 240_000);

	it('still equal after lifecycle writes are relayed', async () => {
		const handling = await db.sql<{ id: string; unitId: number; region: string }[]>`
			select i.id::text, i.unit_id as "unitId", u.region from petition_item i join unit u on u.id = i.unit_id
			 where i.status = 'handling' and i.track = 'petition' order by i.clock_due limit 12`;
		for (const it of handling) {
			const clerk: ServiceActor = { role: 'unit', scope: it.region, unitId: it.unitId, name: '经办' };
			expect((await applyTransition(db.sql, clerk, it.id, 'conclude', { outcome: 'explain', text: '解释说明' })).ok).toBe(true);
		}
		while ((await stampBatch(db.sql, 1000)).length > 0);
		expect((await compare(supervisor, none)).pages).toBe(21);
	}, 240_000);
});
