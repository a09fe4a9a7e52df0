import { describe, expect, it } from 'vitest';
import type { Category, ItemType, Status } from '../../domain/vocabulary.ts';
import { addDays, concludeDue, dayOfWeek, localDate } from '../../domain/deadlines.ts';
import { eventsOf } from './events.ts';
import { lastStepAt, lifecycleAt, officeInstant, planLifecycle, statusOf } from './lifecycle.ts';
import { createRandom } from './random.ts';
import { categoryTable, typeTable } from './shape.ts';

const DAY = 86_400_000;
const now = new Date('2026-03-15T10:00:00+08:00').getTime();
const OPEN: Status[] = ['registered', 'routed', 'accepted', 'handling'];

/** Items received at a given age, seen at `now`. */
function cohort(ageDays: number, n = 3000, seed = `age-${ageDays}`) {
	const rng = createRandom(seed);
	const categories = categoryTable('2026-01-10');
	return Array.from({ length: n }, () => {
		const category: Category = rng.weighted(categories);
		const type: ItemType = rng.weighted(typeTable(category));
		const receivedAt = now - ageDays * DAY - rng.int(0, 3600_000);
		const life = lifecycleAt(planLifecycle(rng, receivedAt, category, type, rng.chance(0.2)), now);
		return { receivedAt, life, status: statusOf(life) };
	});
}
const fraction = <T>(xs: T[], f: (x: T) => boolean) => xs.filter(f).length / xs.length;

describe('status by age', () => {
	it('last day’s items are still being registered and routed', () => {
		const young = cohort(0.5);
		expect(fraction(young, (i) => i.status === 'registered' || i.status === 'routed')).toBeGreaterThan(0.95);
	});

	it('items older than ~90 days are mostly concluded, with some rejected, diverted and a small backlog', () => {
		const old = cohort(100);
		const finished: Status[] = ['concluded', 'review', 'recheck', 'closed'];
		expect(fraction(old, (i) => finished.includes(i.status))).toBeGreaterThan(0.8);
		expect(fraction(old, (i) => i.status === 'rejected')).toBeGreaterThan(0.02);
		expect(fraction(old, (i) => i.status === 'diverted')).toBeGreaterThan(0.02);
		const backlog = fraction(old, (i) => OPEN.includes(i.status));
		expect(backlog).toBeGreaterThan(0.005);
		expect(backlog).toBeLessThan(0.06);
		expect(old.some((i) => i.status === 'review' || i.status === 'recheck' || i.status === 'closed')).toBe(true);
	});

	it('satisfaction: most evaluated are 满意 or 基本满意, some 不满意, some never evaluated', () => {
		const concluded = cohort(120, 5000).filter((i) => i.life.concludedAt !== undefined);
		const evaluated = concluded.filter((i) => i.life.satisfaction);
		expect(evaluated.length / concluded.length).toBeGreaterThan(0.75);
		expect(evaluated.length / concluded.length).toBeLessThan(0.9);
		const content = fraction(evaluated, (i) => i.life.satisfaction !== 'unsatisfied');
		expect(content).toBeGreaterThan(0.8);
		expect(content).toBeLessThan(0.95);
	});

	it('a realistic share of items 45–75 days old is open past its 办结 date', () => {
		const today = localDate(new Date(now));
		const middle = [...cohort(45), ...cohort(60), ...cohort(75)];
		const overdue = fraction(middle, (i) => i.life.acceptedAt !== undefined && i.life.concludedAt === undefined && concludeDue(new Date(i.life.acceptedAt), i.life.extendedDays) < today);
		expect(overdue).toBeGreaterThan(0.01);
		expect(overdue).toBeLessThan(0.12);
	});
});

describe('invariants the schema checks', () => {
	const all = [0.2, 3, 10, 20, 40, 70, 100, 150].flatMap((age) => cohort(age, 1500));
	it('hold for every item', () => {
		for (const { receivedAt, life, status } of all) {
			const steps = [receivedAt, life.routedAt, life.acceptedAt, life.handlingAt, life.concludedAt, life.evaluatedAt].filter((t) => t !== undefined);
			expect(steps).toEqual([...steps].sort((a, b) => a - b));
			expect(lastStepAt(life, receivedAt)).toBeLessThanOrEqual(now);
			if (life.routedAt !== undefined) expect(life.routedAt).toBeGreaterThanOrEqual(receivedAt);
			if (life.acceptedAt !== undefined) expect(life.acceptedAt).toBeGreaterThanOrEqual(life.routedAt!);
			if (life.concludedAt !== undefined) expect(life.concludedAt).toBeGreaterThanOrEqual(life.acceptedAt!);
			expect(life.outcome === undefined).toBe(life.concludedAt === undefined);
			if (life.satisfaction) expect(life.concludedAt).toBeDefined();
			if (['concluded', 'review', 'recheck', 'closed'].includes(status)) expect(life.concludedAt).toBeDefined();
			expect(status === 'diverted').toBe(life.track !== 'petition');
			expect(life.extendedDays).toBeGreaterThanOrEqual(0);
			expect(life.extendedDays).toBeLessThanOrEqual(30);
			if (life.extendedDays > 0) expect(life.extendedAt).toBeLessThanOrEqual(now);
		}
	});
});

describe('events', () => {
	it('chain from 登记 to the current status in time order', () => {
		const actors = { registrar: '某县信访局', unit: '某县人力资源和社会保障局', reviewer: '某市人力资源和社会保障局', rechecker: '山东省人力资源和社会保障厅' };
		for (const { receivedAt, life, status } of cohort(150, 2000)) {
			const events = eventsOf(receivedAt, life, actors);
			expect(events[0]).toMatchObject({ from: null, to: 'registered', at: receivedAt });
			for (let i = 1; i < events.length; i++) {
				expect(events[i].from).toBe(events[i - 1].to);
				expect(events[i].at).toBeGreaterThan(events[i - 1].at);
			}
			expect(events.at(-1)!.to).toBe(status);
		}
	});
});

describe('officeInstant', () => {
	it('lands on a weekday in office hours, after the previous step', () => {
		const rng = createRandom('office');
		let t = new Date('2026-03-13T16:50:00+08:00').getTime(); // a Friday afternoon
		for (let i = 0; i < 2000; i++) {
			const next = officeInstant(rng, t, rng.int(0, 5));
			expect(next).toBeGreaterThan(t);
			const date = localDate(new Date(next));
			const second = (next - new Date(`${date}T00:00:00+08:00`).getTime()) / 1000;
			const bumped = next - t <= 90 * 60_000; // same-day step right after the previous one
			if (!bumped) {
				expect([0, 6]).not.toContain(dayOfWeek(date));
				expect(second >= 8.5 * 3600 && second < 17.5 * 3600).toBe(true);
			}
			t = next;
		}
		expect(localDate(new Date(t)) > addDays('2026-03-13', 100)).toBe(true);
	});
});
