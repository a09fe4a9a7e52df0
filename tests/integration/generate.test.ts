import { rollupDifferences } from '../../src/lib/server/feed/rollups.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidIdNumber } from '../../src/lib/server/sim/people.ts';
import { openPetitioner } from '../../src/lib/server/intake/petitioners.ts';
import { blindIndex } from '../../src/lib/server/personal-data/codec.ts';
import { keyring } from '../../src/lib/server/personal-data/keyring.ts';
import { generateDemoData, type GeneratePhase, type GenerateResult } from '../../src/lib/server/sim/generate.ts';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const now = new Date('2026-03-15T10:00:00+08:00');
const options = { items: 3000, seed: 'liaowang', now, months: 6 };

/**
 * Fingerprints of whole tables in id order: equal fingerprints mean byte-identical rows. A
 * petitioner's sealed values differ run to run (a random IV each); their blind indexes do not.
 */
async function fingerprint(sql: Sql) {
	const [row] = await sql<{ items: string; events: string; petitioners: string; cases: string }[]>`
		select (select md5(string_agg(t::text, E'\n' order by id)) from petition_item t) as items,
		       (select md5(string_agg(t::text, E'\n' order by id)) from petition_event t) as events,
		       (select md5(string_agg((t.id, t.name, t.identity_hash, t.phone_index, t.address_region, t.created_at)::text, E'\n' order by id)) from petitioner t) as petitioners,
		       (select md5(string_agg(t::text, E'\n' order by id)) from lead_case t) as cases`;
	return row;
}

const single = async <T>(sql: Sql, query: Promise<T[]>) => (await query)[0];

describe('generateDemoData', () => {
	let a: TestDatabase, b: TestDatabase, c: TestDatabase;
	let result: GenerateResult;
	const phases: GeneratePhase[] = [];

	beforeAll(async () => {
		[a, b, c] = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
		result = await generateDemoData(a.sql, { ...options, onProgress: (_, __, phase) => phases.at(-1) !== phase && phases.push(phase) });
	});
	afterAll(async () => {
		await Promise.all([a, b, c].filter(Boolean).map((db) => db.drop()));
	});

	it('fills the empty database and reports its phases in order', () => {
		expect(result.generated).toBe(true);
		expect(result.counts.items).toBe(3000);
		expect(result.counts.regions).toBe(153);
		expect(result.counts.events).toBeGreaterThan(3000);
		expect(result.counts.cases).toBeGreaterThanOrEqual(5);
		expect(phases).toEqual(['区划', '单位', '信访人', '信访事项', '事件', '校对', '包案', '亮灯', '汇总']);
	});

	it('checks every item as registration would have (智能校对), so the quality page has counts per unit', async () => {
		const sql = a.sql;
		const kinds = await sql<{ code: string; n: number; late: number }[]>`
			select w.code, count(*)::int as n,
			       count(*) filter (where w.found_at < p.received_at)::int as late
			  from item_quality_warning w join petition_item p on p.id = w.item_id group by w.code`;
		const byCode = Object.fromEntries(kinds.map((k) => [k.code, k.n]));
		expect(kinds.reduce((sum, k) => sum + k.n, 0)).toBe(result.counts.warnings);
		expect(kinds.every((k) => k.late === 0), 'checked no earlier than receipt').toBe(true);
		// letters come without a phone number about 3 times in 10 (people.ts); visits keep office hours
		const [{ noPhone }] = await sql<{ noPhone: number }[]>`
			select count(*)::int as "noPhone" from petition_item p join petitioner t on t.id = p.petitioner_id where t.phone_enc is null`;
		expect(byCode.phone_missing).toBe(noPhone);
		expect(noPhone).toBeGreaterThan(0);
		expect(byCode.received_in_future ?? 0).toBe(0);
		expect(byCode.routed_in_future ?? 0).toBe(0);
	});

	it('puts every item in a Shandong county, with a unit of the same city, and the counts add up by level', async () => {
		const sql = a.sql;
		const bad = await single(sql, sql<{ notCounty: number; otherCity: number }[]>`
			select count(*) filter (where r.level <> 'county' or r.path[1] <> '370000')::int as "notCounty",
			       count(*) filter (where ur.path[2] is distinct from r.path[2])::int as "otherCity"
			  from petition_item p join region r on r.adcode = p.region
			  join unit u on u.id = p.unit_id join region ur on ur.adcode = u.region`);
		expect(bad).toEqual({ notCounty: 0, otherCity: 0 });
		const cities = await sql<{ city: string; byCounties: number; byPath: number }[]>`
			with per_county as (select region, count(*) as n from petition_item group by region)
			select c.adcode as city,
			       (select coalesce(sum(n), 0) from per_county pc join region r on r.adcode = pc.region where r.parent = c.adcode)::int as "byCounties",
			       (select count(*) from petition_item p join region r on r.adcode = p.region where c.adcode = any (r.path))::int as "byPath"
			  from region c where c.level = 'city' order by c.adcode`;
		expect(cities).toHaveLength(16);
		for (const city of cities) expect(city.byCounties).toBe(city.byPath);
		const province = await single(sql, sql<{ n: number }[]>`
			select count(*)::int as n from petition_item p join region r on r.adcode = p.region where '370000' = any (r.path)`);
		expect(cities.reduce((sum, c) => sum + c.byPath, 0)).toBe(province.n);
		expect(province.n).toBe(3000);
		// bigger cities get more
		const byCity = Object.fromEntries(cities.map((c) => [c.city, c.byPath]));
		expect(byCity['370100']).toBeGreaterThan(byCity['370500']);
		expect(byCity['371300']).toBeGreaterThan(byCity['371100']);
	});

	it('keeps receipt times in the window and the clocks consistent with the steps', async () => {
		const sql = a.sql;
		const bad = await single(sql, sql<Record<string, number>[]>`
			select count(*) filter (where received_at < ${now}::timestamptz - interval '6 months' or received_at > ${now})::int as window,
			       count(*) filter (where route_due <> received_at::date + 15)::int as route,
			       count(*) filter (where accept_due is distinct from routed_at::date + 15)::int as accept,
			       count(*) filter (where conclude_due is distinct from accepted_at::date + 60 + extended_days)::int as conclude,
			       count(*) filter (where updated_at < received_at or updated_at > ${now})::int as updated,
			       count(*) filter (where serial not like region || '-' || to_char(received_at, 'YYYYMMDD') || '-%')::int as serial,
			       count(*) filter (where case status
			           when 'registered' then routed_at is not null
			           when 'routed' then routed_at is null or accepted_at is not null
			           when 'rejected' then routed_at is null or accepted_at is not null
			           when 'diverted' then routed_at is not null or track = 'petition'
			           when 'accepted' then accepted_at is null or concluded_at is not null
			           when 'handling' then accepted_at is null or concluded_at is not null
			           else concluded_at is null end)::int as status
			  from petition_item`);
		expect(bad).toEqual({ window: 0, route: 0, accept: 0, conclude: 0, updated: 0, serial: 0, status: 0 });
	});

	it('records every status step as an event, ending in the item’s status', async () => {
		const sql = a.sql;
		const bad = await single(sql, sql<Record<string, number>[]>`
			with e as (
			  select item_id, min(at) as first_at, max(at) as last_at,
			         (array_agg(to_status order by at desc, id desc))[1] as last_status,
			         count(*) filter (where from_status is null and to_status = 'registered') as registered
			    from petition_event group by item_id)
			select count(*) filter (where e.item_id is null)::int as missing,
			       count(*) filter (where e.registered <> 1 or e.first_at <> p.received_at)::int as start,
			       count(*) filter (where e.last_status <> p.status or e.last_at <> p.updated_at)::int as finish
			  from petition_item p left join e on e.item_id = p.id`);
		expect(bad).toEqual({ missing: 0, start: 0, finish: 0 });
	});

	it('has a plausible mix: concluded, open, overdue, rejected, diverted, repeats, groups, 越级', async () => {
		const sql = a.sql;
		const mix = await single(sql, sql<Record<string, number>[]>`
			select avg((concluded_at is not null)::int)::float as concluded,
			       avg((status in ('registered', 'routed', 'accepted', 'handling'))::int)::float as open,
			       count(*) filter (where concluded_at is null and status <> 'rejected' and status <> 'diverted'
			                          and coalesce(conclude_due, accept_due, route_due) < ${now}::timestamptz::date)::int as overdue,
			       count(*) filter (where status = 'rejected')::int as rejected,
			       count(*) filter (where status = 'diverted' and track = 'litigation')::int as litigation,
			       avg((repeat_of is not null)::int)::float as repeats,
			       count(*) filter (where headcount >= 5)::int as groups,
			       count(*) filter (where headcount >= 5 and channel = 'visit')::int as group_visits,
			       count(*) filter (where skip_level)::int as skip,
			       count(*) filter (where satisfaction in ('satisfied', 'basic'))::float / nullif(count(satisfaction), 0) as content
			  from petition_item`);
		expect(mix.concluded).toBeGreaterThan(0.5);
		expect(mix.open).toBeGreaterThan(0.1);
		expect(mix.overdue).toBeGreaterThan(0);
		expect(mix.overdue).toBeLessThan(0.1 * 3000);
		expect(mix.rejected).toBeGreaterThan(0);
		expect(mix.litigation).toBeGreaterThan(0);
		expect(mix.repeats).toBeGreaterThan(0.1);
		expect(mix.repeats).toBeLessThan(0.22);
		expect(mix.groups).toBeGreaterThan(0);
		expect(mix.group_visits).toBeGreaterThan(0);
		expect(mix.skip).toBeGreaterThan(0);
		expect(mix.content).toBeGreaterThan(0.75);

		const months = await sql<{ month: string; online: number }[]>`
			select to_char(received_at, 'YYYY-MM') as month, avg((channel = 'online')::int)::float as online
			  from petition_item where received_at >= ${now}::timestamptz - interval '6 months' + interval '1 day'
			 group by 1 order by 1`;
		expect(months.at(-1)!.online - months[0].online).toBeGreaterThan(0.05);

		const repeats = await single(sql, sql<{ bad: number }[]>`
			select count(*)::int as bad from petition_item p join petition_item prev on prev.id = p.repeat_of
			 where prev.id >= p.id or prev.petitioner_id is distinct from p.petitioner_id or prev.received_at > p.received_at`);
		expect(repeats.bad).toBe(0);
	});

	it('makes valid identities and 包案 cases that link hard items', async () => {
		const sql = a.sql;
		const rows = await sql<{ idNumberEnc: Buffer; phoneEnc: Buffer | null; phoneIndex: Buffer | null; hash: Buffer; legacy: boolean }[]>`
			select id_number_enc as "idNumberEnc", phone_enc as "phoneEnc", phone_index as "phoneIndex", identity_hash as hash,
			       legacy_id_number is not null or legacy_phone is not null as legacy from petitioner`;
		expect(rows.length).toBeGreaterThan(2000);
		// sealed with SM4 as loaded: each opens to a valid number whose blind index is the row's identity key
		const ring = keyring();
		const people = rows.map((r) => ({ ...r, ...openPetitioner(r) }));
		expect(people.every((p) => !p.legacy && isValidIdNumber(p.idNumber!) && p.hash.equals(blindIndex(ring, 'id', p.idNumber!)))).toBe(true);
		expect(people.every((p) => (p.phone === null ? p.phoneIndex === null : p.phoneIndex!.equals(blindIndex(ring, 'phone', p.phone))))).toBe(true);
		const cases = await sql<{ items: number; units: number; hard: number }[]>`
			select (select count(*) from lead_case_item i where i.case_id = c.id)::int as items,
			       (select count(*) from lead_case_unit u where u.case_id = c.id)::int as units,
			       (select count(*) from lead_case_item i join petition_item p on p.id = i.item_id
			         where i.case_id = c.id and (p.repeat_of is not null or p.headcount >= 5 or p.concluded_at is null))::int as hard
			  from lead_case c`;
		for (const c of cases) {
			expect(c.items).toBeGreaterThanOrEqual(1);
			expect(c.items).toBeLessThanOrEqual(5);
			expect(c.units).toBeGreaterThanOrEqual(1);
			expect(c.hard).toBeGreaterThanOrEqual(1);
		}
	});

	it('rebuilds the rollups exactly and leaves the outbox empty', async () => {
		const sql = a.sql;
		expect(await rollupDifferences(sql)).toEqual([]);
		const counts = await single(sql, sql<{ rollups: number; outbox: number }[]>`
			select (select count(*) from rollup_daily)::int as rollups, (select count(*) from outbox)::int as outbox`);
		expect(counts.rollups).toBeGreaterThan(100);
		expect(counts.outbox).toBe(0);
	});

	it('gives every item its clock and light at generation time, none left for the sweeper', async () => {
		const rows = await a.sql<{ light: string; n: number }[]>`select light, count(*)::int as n from petition_item group by light`;
		const lights = Object.fromEntries(rows.map((r) => [r.light, r.n]));
		expect(Object.keys(lights)).toEqual(expect.arrayContaining(['green', 'red', 'none']));
		const [{ pending }] = await a.sql<{ pending: number }[]>`select count(*)::int as pending from petition_item where light_at <= ${now}`;
		expect(pending).toBe(0);
		// an open item past its conclusion date is red
		const [{ wrong }] = await a.sql<{ wrong: number }[]>`
			select count(*)::int as wrong from petition_item
			 where clock = 'conclude' and clock_due < (${now}::timestamptz at time zone 'Asia/Shanghai')::date and light <> 'red'`;
		expect(wrong).toBe(0);
	});

	it('changes nothing when run again on the same database', async () => {
		const before = await fingerprint(a.sql);
		const again = await generateDemoData(a.sql, options);
		expect(again.generated).toBe(false);
		expect(again.message).toMatch(/已有信访事项/);
		expect(await fingerprint(a.sql)).toEqual(before);
	});

	it('loads once when two nodes start together', async () => {
		const d = await createTestDatabase();
		try {
			const results = await Promise.all([generateDemoData(d.sql, { ...options, items: 500 }), generateDemoData(d.sql, { ...options, items: 500 })]);
			expect(results.map((r) => r.generated).sort()).toEqual([false, true]);
			const [{ n }] = await d.sql<{ n: number }[]>`select count(*)::int as n from petition_item`;
			expect(n).toBe(500);
		} finally {
			await d.drop();
		}
	});

	it('gives identical rows for the same seed and different rows for another seed', async () => {
		await generateDemoData(b.sql, options);
		await generateDemoData(c.sql, { ...options, seed: 'another' });
		const [fa, fb, fc] = await Promise.all([fingerprint(a.sql), fingerprint(b.sql), fingerprint(c.sql)]);
		expect(fb).toEqual(fa);
		expect(fc.items).not.toBe(fa.items);
		expect(fc.petitioners).not.toBe(fa.petitioners);
	});
});
