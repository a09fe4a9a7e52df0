import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, isRestDay, isStatutoryHoliday } from '../../src/lib/domain/calendar.ts';
import { localDate } from '../../src/lib/domain/deadlines.ts';
import { ensureRules, loadClockConfig } from '../../src/lib/server/clocks/config.ts';
import { createApiClient } from '../../src/lib/server/intake/api-clients.ts';
import { signIn, withDemoUsers } from '../support/auth.ts';
import { clearOfMidnight, waitFor } from '../support/fixtures.ts';
import { request, signInByFetch } from '../support/http.ts';
import { seedIntake } from '../support/intake.ts';
import { useStack } from '../support/stack.ts';

/**
 * An office week without the simulator (SIM_RATE=0), on a database with regions, units and
 * accounts but no demo items: 20 items of 历下区 registered through the 登记 form, an import and
 * the API; routed, accepted or refused (不予受理), extended, heard (听证), concluded, evaluated, one
 * 复查 — by the 信访部门 and the unit on the item pages, or by an upstream system through
 * POST /api/v1/items/{serial}/events with the time each step happened (`at`). The wall and /rates
 * follow the steps; at the end the week's 三率 and 参评率 on /rates equal the counts by hand below.
 *
 * "The week" is the seven local days ending today; dN is N days before now (its local date is
 * today − N). Limits (default rules): 受理告知 15 days from the route, 办结 60 days from the
 * acceptance, counted from the next day; a due date on a weekend or holiday moves to the next
 * working day (at most a few days — every late step below misses by ten days or more, every
 * timely one keeps ten or more in hand, and each open overdue clock fell due dN, inside the week).
 * dN is d3, or the nearest day of the week before today outside a statutory holiday block: a last
 * day in a block runs on to the day after it, which after a block of three days or more is today or
 * later — due, not overdue (on 8 October, say, d3 is 5 October and the 国庆 block ends on the 7th);
 * when the whole week before today is one block, dN is the last working day before it (see N).
 */
const DAY = 86400_000;
// the week is fixed here, when the file loads, and /rates reads the server's today at the end
await clearOfMidnight(5 * 60_000);
const BASE = Date.now() - 60_000;
const at = (days: number) => new Date(BASE - days * DAY);
const iso = (days: number) => at(days).toISOString();
/** Beijing wall-clock time of dN, as the form ('YYYY-MM-DDTHH:mm') and the ledger ('YYYY-MM-DD HH:mm') take it. */
const beijing = (days: number, sep = 'T') => new Date(at(days).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', sep);
/** The day the open overdue clocks (A9, B9) fall due: the stored calendar is the bundled one (ensureRules). */
const DUE_DAY = [3, 4, 2, 5, 6, 1].find((n) => !isStatutoryHoliday(localDate(at(n)), DEFAULT_CALENDAR));
/**
 * When every day of the week before today is in a holiday block (the day after a long 国庆 or 春节
 * block), no clock can fall due inside the week: A9 and B9 then fall due on the last working day
 * before the block, outside the week, and the week's denominators do not count them.
 */
const N = DUE_DAY ?? Array.from({ length: 40 }, (_, i) => i + 7).find((n) => !isRestDay(localDate(at(n)), DEFAULT_CALENDAR))!;
const OVERDUE_IN_WEEK = DUE_DAY === undefined ? 0 : 1;

type Step = [type: string, days: number, input?: Record<string, unknown>];
type Plan = { key: string; via: 'form' | 'import' | 'api'; received: number; steps: Step[] };
const conclude = (days: number): Step => ['conclude', days, { outcome: 'support', text: '经调查核实，诉求合理，已督促解决。' }];
const evaluate = (days: number, satisfaction: string): Step => ['evaluate', days, { satisfaction }];
const route = (days: number): Step => ['route', days, { unitId: 0 }]; // the unit is filled in at run time

/** The week, item by item ("page" steps are taken on the item page, now, after the API's). */
const PLANS: Plan[] = [
	// acceptance decided this week
	{ key: 'A1', via: 'api', received: 8, steps: [route(7)] }, // + 受理 on the page now: on time
	{ key: 'A2', via: 'api', received: 8, steps: [route(7)] }, // + 受理 on the page now: on time
	{ key: 'A3', via: 'api', received: 8, steps: [route(7), ['accept', 3]] }, // due d7+15: on time
	{ key: 'A4', via: 'api', received: 7, steps: [route(6), ['accept', 2]] }, // on time
	{ key: 'A5', via: 'import', received: 30, steps: [route(25), ['accept', 2]] }, // due ≈ d10: late
	{ key: 'A6', via: 'import', received: 40, steps: [route(28), ['accept', 1]] }, // due ≈ d13: late
	{ key: 'A7', via: 'api', received: 6, steps: [route(5), ['reject', 2, { reason: '不属于信访事项受理范围', noticeOn: '' }]] }, // 不予受理 on time
	{ key: 'A8', via: 'import', received: 35, steps: [route(30), ['reject', 3, { reason: '已进入诉讼程序', noticeOn: '' }]] }, // 不予受理 late (due ≈ d15)
	{ key: 'A9', via: 'form', received: 17 + N, steps: [route(15 + N)] }, // never decided: due dN, open and overdue
	{ key: 'A10', via: 'form', received: 2, steps: [] }, // routed on the page now: not due yet
	// conclusion this week (accepted long before it)
	{ key: 'B1', via: 'api', received: 20, steps: [route(19), ['accept', 18], conclude(2)] }, // + 满意 on the page now
	{ key: 'B2', via: 'api', received: 20, steps: [route(19), ['accept', 18], conclude(3), evaluate(2, 'basic')] },
	{ key: 'B3', via: 'api', received: 20, steps: [route(19), ['accept', 18], conclude(3), evaluate(2, 'unsatisfied'), ['review-request', 1]] },
	{ key: 'B4', via: 'api', received: 20, steps: [route(19), ['accept', 18]] }, // + 办结 on the page now; never evaluated
	{ key: 'B5', via: 'api', received: 80, steps: [route(78), ['accept', 75], conclude(2), evaluate(1, 'satisfied')] }, // due ≈ d15: late
	{ key: 'B6', via: 'api', received: 90, steps: [route(88), ['accept', 85], conclude(1)] }, // due ≈ d25: late, never evaluated
	{
		key: 'B7', // due d20, extended 25 days before it expired (asked d25, approved d24): due ≈ d-5, on time
		via: 'api',
		received: 85,
		steps: [route(83), ['accept', 80], ['extend-request', 25, { days: 25, reason: '涉及多个部门，需联合调查' }], ['extend-approve', 24], conclude(2), evaluate(1, 'basic')]
	},
	{
		key: 'B8', // due d10; 听证 d30 → d15 pauses it 15 days: due ≈ d-5, on time
		via: 'api',
		received: 75,
		steps: [route(74), ['accept', 70], ['pause-start', 30, { reason: '举行听证' }], ['pause-end', 15], conclude(3), evaluate(2, 'unsatisfied')]
	},
	{ key: 'B9', via: 'import', received: 67 + N, steps: [route(65 + N), ['accept', 60 + N]] }, // due dN, open and overdue
	// registered yesterday, not yet routed: counts in no rate
	{ key: 'C1', via: 'form', received: 1, steps: [] }
];

type Rates = Record<'timelyAcceptance' | 'onTimeConclusion' | 'satisfaction' | 'participation', [number, number]>;

describe('an office week without the simulator: 20 items through their life, and the rates by hand (SIM_RATE=0)', () => {
	const { db, server, browser, start } = useStack({ start: false, browser: true });
	let token: string;
	let unitId: number;
	const cookies: Record<string, string> = {};
	const serials: Record<string, string> = {};
	const ids: Record<string, string> = {};
	const today = localDate(new Date());
	const week = { from: localDate(new Date(Date.now() - 6 * DAY)), to: today };

	beforeAll(async () => {
		await seedIntake(db.sql); // regions and units, no items
		await db.sql`delete from app_user`; // (its placeholder account) so the demo accounts are made
		expect(await withDemoUsers(db.sql)).toBeGreaterThan(0);
		expect((await db.sql`select count(*)::int as n from petition_item`)[0].n).toBe(0);
		// a locality's rules version in which a 听证 pauses the 办结 clock (the default pauses only 复核)
		await ensureRules(db.sql); // version 1, the statutory defaults, as the server's first start makes it
		expect(isStatutoryHoliday(localDate(at(N)), (await loadClockConfig(db.sql)).calendar), 'the stored calendar is the bundled one').toBe(false);
		await db.sql`insert into rule_set (version, rules, note)
		             select 2, jsonb_set(rules, '{pausableClocks}', '["conclude", "recheck-decision"]'), '办结可因听证中止' from rule_set where version = 1`;
		const [admin] = await db.sql<{ id: number }[]>`select id from app_user where username = 'admin'`;
		({ token } = await createApiClient(db.sql, { name: '济南市信访信息系统', source: 'provincial', scope: '370100' }, admin.id));
		[{ unitId }] = await db.sql<{ unitId: number }[]>`select unit_id as "unitId" from app_user where username = 'lixia.xinfang'`;
		await start({ SIM_RATE: '0' });
		for (const user of ['jinan.ducha', 'jinan.lingdao', 'lixia.xinfang']) cookies[user] = (await signInByFetch(server.url, user)).cookie!;
	}, 240_000);

	const api = (path: string, body: unknown) =>
		fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const wallSeq = async () => ((await (await fetch(`${server.url}/screen/snapshot.json?region=370102`, { headers: { cookie: cookies['jinan.lingdao'] } })).json()) as { seq: number }).seq;
	/** The week's rates for 历下区 on /rates, as the 督查督办 account reads them: [numerator, denominator]. */
	const rates = async (): Promise<Rates> => {
		const page = await request(server.url, `/rates?from=${week.from}&to=${week.to}&region=370102`, { cookie: cookies['jinan.ducha'], page: true });
		expect(page.status).toBe(200);
		const read = (name: string) => {
			const cell = new RegExp(`data-rate="${name}"[\\s\\S]*?data-kind="all"[\\s\\S]*?<small[^>]*>([\\s\\S]*?)</small>`).exec(page.body);
			const match = /^(\d+) \/ (\d+)$/.exec(cell?.[1].replace(/<!--[\s\S]*?-->/g, '') ?? '');
			if (!match) throw new Error(`/rates 上没有 ${name}：${page.body.slice(page.body.indexOf('data-rate'), page.body.indexOf('data-rate') + 400)}`);
			return [Number(match[1]), Number(match[2])] as [number, number];
		};
		return { timelyAcceptance: read('timelyAcceptance'), onTimeConclusion: read('onTimeConclusion'), satisfaction: read('satisfaction'), participation: read('participation') };
	};
	/** Runs one write, then waits for the wall's snapshot of 历下区 to move on (within two seconds). */
	const followed = async (what: string, write: () => Promise<void>) => {
		const before = await wallSeq();
		await write();
		const started = Date.now();
		await waitFor(async () => (await wallSeq()) > before, `大屏反映 ${what}`, 2_000);
		return Date.now() - started;
	};
	/** A step taken on the item page (a plain form post, as the page posts it without script). */
	const pageAction = async (user: string, key: string, action: string, form: Record<string, string> = {}) => {
		const reply = await request(server.url, `/items/${ids[key]}?/${action}`, { cookie: cookies[user], form });
		expect(reply.status, `${key} ${action}（${user}）：${reply.body.slice(0, 300)}`).toBe(200);
	};

	it('registers 20 items through the form, an import and the API', async () => {
		const summary = (key: string) => `反映${key}号工地拖欠农民工工资问题，涉及金额若干，请求督促支付`;
		const phone = (n: number) => `1390531${String(1000 + n).padStart(4, '0')}`;
		for (const [n, plan] of PLANS.entries()) {
			if (plan.via === 'form') {
				await followed(`登记 ${plan.key}`, async () => {
					const fields = { channel: 'visit', receivedAt: beijing(plan.received), region: '370102', category: 'labour', type: 'appeal', summary: summary(plan.key), headcount: '1', unit: '', routedAt: '', petitionerName: `信访人${plan.key}`, phone: phone(n), idNumber: '' };
					const reply = await request(server.url, '/intake/new?/register', { cookie: cookies['jinan.ducha'], form: fields });
					expect(reply.status, reply.body.slice(0, 300)).toBe(200);
				});
			} else if (plan.via === 'api') {
				await followed(`接口登记 ${plan.key}`, async () => {
					const reply = await api('/api/v1/items', { sourceId: `WEEK-${plan.key}`, channel: 'online', receivedAt: iso(plan.received), region: '370102', category: 'labour', type: 'appeal', summary: summary(plan.key) });
					expect(reply.status, await reply.clone().text()).toBe(201);
				});
			}
		}
		// the import: a ledger of four rows, previewed, then committed on the page
		const imported = PLANS.filter((p) => p.via === 'import');
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('台账');
		sheet.addRow(['台账编号', '信访形式', '收件时间', '问题属地', '问题类别', '信访类型', '内容摘要', '人数', '信访人姓名', '联系电话']);
		for (const [n, plan] of imported.entries()) sheet.addRow([`WEEK-${plan.key}`, '来信', beijing(plan.received, ' '), '历下区', '劳动社保', '申诉求决类', summary(plan.key), 1, `信访人${plan.key}`, phone(50 + n)]);
		const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
		const page = await context.newPage();
		await signIn(page, server.url, 'jinan.ducha', '/intake/import');
		await page.setInputFiles('input[type=file]', { name: '一周台账.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await workbook.xlsx.writeBuffer()) });
		await Promise.all([page.waitForURL((url) => /^\?job=\d+$/.test(url.search), { timeout: 60_000 }), page.click('button:text("上传并预览")')]);
		expect(await page.locator('.counts').textContent()).toMatch(/共 4 行；错误 0 行/);
		await followed('导入 4 件', async () => {
			await page.click('button:text("确认导入 4 行")');
			await page.locator('[data-testid=committed]').waitFor({ timeout: 60_000 });
		});
		await context.close();

		const rows = await db.sql<{ id: string; serial: string; summary: string; source: string }[]>`select id::text, serial, summary, source from petition_item`;
		expect(rows.length).toBe(20);
		for (const plan of PLANS) {
			const row = rows.find((r) => r.summary === summary(plan.key))!;
			expect(row.source, plan.key).toBe(plan.via === 'api' ? 'provincial' : plan.via); // the API client's source
			serials[plan.key] = row.serial;
			ids[plan.key] = row.id;
		}
	}, 180_000);

	it('routes, accepts or refuses, extends, hears, concludes, evaluates and asks for 复查; the wall and /rates follow', async () => {
		const timings: number[] = [];
		// upstream events, item by item in the order they happened
		for (const plan of PLANS) {
			for (const [type, days, input] of plan.steps) {
				const body = { ...input };
				if (type === 'route') body.unitId = unitId;
				if (type === 'reject') body.noticeOn = localDate(at(days));
				timings.push(
					await followed(`${plan.key} ${type}`, async () => {
						const reply = await api(`/api/v1/items/${serials[plan.key]}/events`, { eventId: `WEEK-${plan.key}/${type}`, type, at: iso(days), input: body });
						expect(reply.status, `${plan.key} ${type}：${await reply.clone().text()}`).toBe(201);
					})
				);
			}
		}

		// then the people, on the item pages, each as the role whose work it is
		let before = await rates();
		timings.push(await followed('A10 转送交办（信访部门）', () => pageAction('jinan.ducha', 'A10', 'route', { unitId: String(unitId) })));
		for (const key of ['A1', 'A2']) {
			timings.push(await followed(`${key} 受理（承办单位）`, () => pageAction('lixia.xinfang', key, 'accept')));
			const now = await rates();
			// one more acceptance decided this week, in time: numerator and denominator both + 1
			expect(now.timelyAcceptance, `${key} 受理后的及时受理率`).toEqual([before.timelyAcceptance[0] + 1, before.timelyAcceptance[1] + 1]);
			before = now;
		}
		timings.push(await followed('B4 办结（承办单位）', () => pageAction('lixia.xinfang', 'B4', 'conclude', { outcome: 'partial', text: '经调查，拖欠工资属实，已督促支付；其余诉求不予支持。' })));
		let now = await rates();
		expect(now.onTimeConclusion, 'B4 按期办结后').toEqual([before.onTimeConclusion[0] + 1, before.onTimeConclusion[1] + 1]);
		expect(now.participation, 'B4 办结未评价：参评率分母 + 1').toEqual([before.participation[0], before.participation[1] + 1]);
		before = now;
		timings.push(await followed('B1 评价（信访部门据信访人答复录入）', () => pageAction('jinan.ducha', 'B1', 'evaluate', { satisfaction: 'satisfied' })));
		now = await rates();
		expect(now.participation, 'B1 评价后参评率分子 + 1').toEqual([before.participation[0] + 1, before.participation[1]]);
		expect(now.satisfaction, 'B1 满意：满意率分子、分母各 + 1').toEqual([before.satisfaction[0] + 1, before.satisfaction[1] + 1]);
		for (const ms of timings) expect(ms).toBeLessThan(2_000);
		console.log(`大屏跟随 ${timings.length} 步：最长 ${Math.max(...timings)} ms，中位 ${timings.sort((a, b) => a - b)[timings.length >> 1]} ms`);

		const states = await db.sql<{ serial: string; status: string; satisfaction: string | null; extended_days: number }[]>`select serial, status, satisfaction, extended_days from petition_item`;
		const of = (key: string) => states.find((s) => s.serial === serials[key])!;
		expect(of('A7').status).toBe('rejected');
		expect(of('B7').extended_days).toBe(25);
		expect(of('B3').status).not.toBe('concluded'); // 复查 requested
		expect(of('C1').status).toBe('registered');
	}, 300_000);

	it('the week’s 三率 and 参评率 on /rates equal the counts by hand', async () => {
		const byHand: Rates = {
			// decided this week: A1, A2 (page, now), A3, A4 accepted in time; A7 不予受理 in time;
			// A5, A6 accepted late; A8 refused late — 8 decisions, 5 in time; A9 open and overdue
			// since dN counts in the denominator when dN is in the week; A10 (routed now) is not due. 5 / (8 + 1) = 5 / 9
			timelyAcceptance: [5, 8 + OVERDUE_IN_WEEK],
			// concluded this week: B1, B2, B3, B4 in time (accepted d18, due d−42); B7 in time only
			// by its 25-day extension; B8 in time only by its 15-day 听证 pause; B5, B6 late —
			// 8 conclusions, 6 in time; B9 open and overdue since dN counts too (when in the week). 6 / (8 + 1) = 6 / 9
			onTimeConclusion: [6, 8 + OVERDUE_IN_WEEK],
			// evaluated among those 8: B1 满意, B5 满意, B2 基本满意, B7 基本满意, B3 不满意, B8 不满意 —
			// (2 满意 + 2 基本满意) / 6 evaluated = 4 / 6
			satisfaction: [4, 6],
			// evaluated ÷ concluded this week: 6 (B4, B6 never evaluated) / 8 = 6 / 8
			participation: [6, 8]
		};
		const product = await rates();
		console.log(`本周 ${week.from}—${week.to}，人工计算 ${JSON.stringify(byHand)}，/rates ${JSON.stringify(product)}`);
		expect(product).toEqual(byHand);
	});
});
