import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupVisitWarnings, type Arrival } from '../../src/lib/domain/groups.ts';
import { DEFAULT_RULES, type Rules } from '../../src/lib/domain/rules.ts';
import { groupWarningsIn } from '../../src/lib/server/groups/warnings.ts';
import { generateDemoData } from '../../src/lib/server/sim/generate.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { insertItem } from '../support/fixtures.ts';

const now = new Date('2026-03-15T10:00:00+08:00');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);

/** 群体访预警 clustered by the database against the domain's definition over every arrival read into memory. */
describe('group warnings in SQL', () => {
	let db: TestDatabase;

	beforeAll(async () => {
		db = await createTestDatabase();
		await generateDemoData(db.sql, { items: 4000, seed: 'groups', now, months: 2 });
	}, 120_000);
	afterAll(async () => {
		await db?.drop();
	});

	/** The domain rule over every arrival of the region read into memory: what the SQL stands in for. */
	async function truth(region: string, rules: Pick<Rules, 'groupThreshold' | 'groupWarning'>) {
		const arrivals = await db.sql<Arrival[]>`
			select i.id::text, i.received_at as "receivedAt", i.category, i.region, i.channel, i.headcount,
			       encode(p.identity_hash, 'hex') as "petitionerHash"
			  from petition_item i join region r on r.adcode = i.region left join petitioner p on p.id = i.petitioner_id
			 where ${region} = any(r.path)`;
		return groupVisitWarnings(arrivals, now, rules);
	}

	const rulesWith = (windowHours: number, nearThreshold: number, groupThreshold = DEFAULT_RULES.groupThreshold) => ({ groupThreshold, groupWarning: { windowHours, nearThreshold } });

	it('counts a person on several petitions once (their largest headcount) and each anonymous petition, at the window edge too', async () => {
		// the cluster is ours alone (a demo item there could join it)
		await db.sql`delete from petition_item where region = '370112' and category = 'enterprise' and received_at > ${hoursAgo(49)}`;
		const [{ id: person }] = await db.sql<{ id: string }[]>`select id::text from petitioner order by id limit 1`;
		const ids = [
			await insertItem(db.sql, { region: '370112', category: 'enterprise', channel: 'visit', headcount: 2, receivedAt: hoursAgo(30) }),
			await insertItem(db.sql, { region: '370112', category: 'enterprise', channel: 'phone', headcount: 3, receivedAt: hoursAgo(5) }),
			await insertItem(db.sql, { region: '370112', category: 'enterprise', channel: 'online', headcount: 1, receivedAt: hoursAgo(1) }),
			// exactly at the window's start: outside it; at now: inside
			await insertItem(db.sql, { region: '370112', category: 'enterprise', channel: 'letter', headcount: 50, receivedAt: hoursAgo(48) }),
			await insertItem(db.sql, { region: '370112', category: 'enterprise', channel: 'online', headcount: 1, receivedAt: now })
		];
		await db.sql`update petition_item set petitioner_id = ${person} where id = any(${[ids[0], ids[1]].map(String)}::bigint[])`;
		await db.sql`update petition_item set petitioner_id = null where id = any(${[ids[2], ids[4]].map(String)}::bigint[])`;
		const warnings = await groupWarningsIn(db.sql, '370100', DEFAULT_RULES, now);
		const ours = warnings.find((w) => w.region === '370112' && w.category === 'enterprise');
		// 3 (the person's largest) + 1 + 1 anonymous = 5: reached; the 50 at the window's start does not count
		expect(ours).toMatchObject({ people: 5, petitions: 4, level: 'reached', regionName: '历城区', channels: ['visit', 'phone', 'online'] });
		expect(ours!.explanation).toBe('48 小时内同地（370112）同类（企业改制）来访 1 件、电话 1 件、网上信访 2 件，共 5 人，已达到群体访标准（5 人）');
		expect(ours!.from).toEqual(hoursAgo(30));
		expect(ours!.to).toEqual(now);
	});

	it.each([
		['the default window', 48, 3],
		['a month, near at 2', 720, 2],
		['a month, near at 20', 720, 20],
		['a day, near at 1', 24, 1]
	])('equals the domain rule over every arrival: %s', async (_, windowHours, nearThreshold) => {
		const rules = rulesWith(windowHours, nearThreshold, Math.max(nearThreshold + 1, DEFAULT_RULES.groupThreshold));
		for (const region of ['370000', '370100', '370112']) {
			const expected = await truth(region, rules);
			const got = (await groupWarningsIn(db.sql, region, rules, now)).map(({ regionName: _, ...w }) => w);
			expect(got).toEqual(expected);
			if (region === '370000') expect(expected.length).toBeGreaterThan(0);
		}
	});

	it('the data tests what it should: repeat petitioners within a cluster, anonymous petitions, headcounts above 1', async () => {
		const [row] = await db.sql<{ repeated: number; anonymous: number; crowds: number }[]>`
			select (select count(*) from (select 1 from petition_item where petitioner_id is not null and received_at > ${hoursAgo(720)}
			                                group by category, region, petitioner_id having count(*) > 1) x)::int as repeated,
			       (select count(*) from petition_item where petitioner_id is null and received_at > ${hoursAgo(720)})::int as anonymous,
			       (select count(*) from petition_item where headcount > 1 and received_at > ${hoursAgo(720)})::int as crowds`;
		expect(row.repeated).toBeGreaterThan(0);
		expect(row.anonymous).toBeGreaterThan(0);
		expect(row.crowds).toBeGreaterThan(0);
	});
});
