import type { Sql } from '../../src/lib/server/db/connection.ts';
import { UTC_OFFSET_MS } from '../../src/lib/time.ts';

const DAY_MS = 86_400_000;

/** A few real regions: the province, two cities, three counties. */
export const REGIONS = [
	{ adcode: '370000', name: '山东省', level: 'province', parent: null, path: ['370000'] },
	{ adcode: '370100', name: '济南市', level: 'city', parent: '370000', path: ['370000', '370100'] },
	{ adcode: '370102', name: '历下区', level: 'county', parent: '370100', path: ['370000', '370100', '370102'] },
	{ adcode: '370103', name: '市中区', level: 'county', parent: '370100', path: ['370000', '370100', '370103'] },
	{ adcode: '370200', name: '青岛市', level: 'city', parent: '370000', path: ['370000', '370200'] },
	{ adcode: '370202', name: '市南区', level: 'county', parent: '370200', path: ['370000', '370200', '370202'] }
];

export async function seedRegions(sql: Sql): Promise<void> {
	for (const r of REGIONS)
		await sql`insert into region (adcode, name, level, parent, path) values (${r.adcode}, ${r.name}, ${r.level}, ${r.parent}, ${r.path})`;
}

let serial = 0;

/** Inserts a registered petition item (through the capture trigger, like any writer). */
export async function insertItem(
	sql: Sql,
	item: { region?: string; receivedAt?: Date; channel?: string; category?: string; headcount?: number } = {}
): Promise<bigint> {
	const region = item.region ?? '370102';
	const receivedAt = item.receivedAt ?? new Date();
	const day = receivedAt.toISOString().slice(0, 10).replaceAll('-', '');
	const number = String(500_000 + ++serial); // clear of the serials tests write by hand
	const due = new Date(receivedAt.getTime() + 15 * 86400_000).toISOString().slice(0, 10);
	const [row] = await sql<{ id: bigint }[]>`
		insert into petition_item (serial, channel, received_at, region, category, type, summary, headcount, route_due)
		values (${`${region}-${day}-${number}`}, ${item.channel ?? 'online'}, ${receivedAt}, ${region},
		        ${item.category ?? 'labour'}, 'appeal', '反映拖欠工资问题', ${item.headcount ?? 1}, ${due})
		returning id`;
	return row.id;
}

/** A 承办单位 of a region REGIONS holds (by default 历下区人社局); its id. */
export async function insertUnit(sql: Sql, name = '历下区人社局', region = '370102', sector = '人社'): Promise<number> {
	const [{ id }] = await sql<{ id: number }[]>`insert into unit (name, region, kind, sector) values (${name}, ${region}, 'government', ${sector}) returning id`;
	return id;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits for local (Beijing) midnight when it is less than `withinMs` away: a test that fixes "today"
 * when it loads and reads the server's today later then sees one day, not two.
 */
export async function clearOfMidnight(withinMs: number, now = Date.now()): Promise<void> {
	const left = DAY_MS - ((now + UTC_OFFSET_MS) % DAY_MS);
	if (left < withinMs) await sleep(left + 1000);
}

/** Polls until `check` is true or the time runs out (then fails with `what`). */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		if (await check()) return;
		await sleep(20);
	}
	throw new Error(`超时：${what}`);
}
