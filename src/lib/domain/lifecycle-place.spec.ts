import { describe, expect, it } from 'vitest';
import { decide, type Action, type Decision, type LifeFacts } from './lifecycle.ts';
import { actors, inputFor, life, OTHER_UNIT } from './lifecycle.fixture.ts';
import { config, t } from './spec-support.ts';
import { placeDistance, unitServesPlace, type Place } from './unit-place.ts';

/** 属地管理: 转送交办 and 改派 hand an item only to a unit of its place or of a place above it. */
const lixia: Place = { path: ['370000', '370100', '370102'], name: '历下区' };

/** Where a unit may sit, and whether it may handle a 历下区 item. */
const cases: [string, string, boolean][] = [
	['its own county (历下区)', '370102', true],
	['its city (济南市)', '370100', true],
	['the province (山东省)', '370000', true],
	['a sibling county (济南市市中区)', '370103', false],
	['a county of the same city further off (济南市章丘区)', '370114', false],
	['another city (菏泽市)', '371700', false],
	['a county of another city (菏泽市牡丹区)', '371702', false],
	['another province (北京市东城区)', '110101', false],
	['another province itself (北京市)', '110000', false]
];

describe('unitServesPlace: the unit of the item’s place or of one above it', () => {
	it.each(cases)('%s', (_label, region, serves) => {
		expect(unitServesPlace(region, lixia)).toBe(serves);
	});
	it('a city item: the city and the province serve it, none of its counties', () => {
		const jinan: Place = { path: ['370000', '370100'] };
		expect(['370100', '370000'].map((r) => unitServesPlace(r, jinan))).toEqual([true, true]);
		expect(['370102', '370103', '371700'].map((r) => unitServesPlace(r, jinan))).toEqual([false, false, false]);
	});
	it('a province item: only the province', () => {
		const shandong: Place = { path: ['370000'] };
		expect(['370000', '370100', '370102'].map((r) => unitServesPlace(r, shandong))).toEqual([true, false, false]);
	});
	it('placeDistance: the item’s own place 0, each place above one more, a foreign one -1', () => {
		expect(['370102', '370100', '370000', '370103', '371702'].map((r) => placeDistance(r, lixia))).toEqual([0, 1, 2, -1, -1]);
	});
});

const run = (f: LifeFacts, action: Action, input: unknown, at: Date): Decision => decide(f, actors.office, action, input as never, at, config());

describe('转送交办 and 改派 refuse a unit of another place (属地管理), naming 承办单位 and the rule', () => {
	const at = t('2026-03-10 10:00');
	const route = (unitRegion: string) => run(life('registered'), 'route', { unitId: 42, unitRegion, unitName: `单位（${unitRegion}）` }, at);
	const reassign = (status: 'routed' | 'accepted' | 'handling', unitRegion: string) =>
		run(life(status), 'reassign', { ...inputFor('reassign', at), unitId: OTHER_UNIT, unitRegion, unitName: `单位（${unitRegion}）` }, at);

	for (const [label, region, serves] of cases) {
		it(`route to a unit of ${label}: ${serves ? 'taken' : 'refused'}`, () => {
			const d = route(region);
			if (serves) expect(d.ok && d.changes.item).toMatchObject({ status: 'routed', unitId: 42 });
			else expect(d).toMatchObject({ ok: false, rule: 'unit.place', field: 'unitId' });
		});
		for (const status of ['routed', 'accepted', 'handling'] as const)
			it(`reassign (${status}) to a unit of ${label}: ${serves ? 'taken' : 'refused'}`, () => {
				const d = reassign(status, region);
				if (serves) expect(d.ok && d.changes.item).toMatchObject({ status: 'routed', unitId: OTHER_UNIT });
				else expect(d).toMatchObject({ ok: false, rule: 'unit.place', field: 'unitId' });
			});
	}

	it('the refusal is Chinese, names the rule in 【】, the field (承办单位), the item’s place and the unit', () => {
		const d = run(life('routed'), 'reassign', { unitId: 99, unitRegion: '371702', unitName: '菏泽市牡丹区人力资源和社会保障局', reason: '职责调整' }, at);
		expect(d.ok).toBe(false);
		if (d.ok) return;
		expect(d.message).toMatch(/^【属地管理】/);
		expect(d.message).toContain('承办单位');
		expect(d.message).toContain('历下区或其上级地区的单位');
		expect(d.message).toContain('菏泽市牡丹区人力资源和社会保障局');
	});

	it('who, state and input come first; the place before 改派’s own rules', () => {
		// the state first: a concluded item cannot be reassigned, wherever the unit is
		expect(run(life('concluded'), 'reassign', { ...inputFor('reassign', at), unitRegion: '371702' }, at)).toMatchObject({ ok: false, rule: 'state' });
		// a foreign unit is refused by the place even when it is also "the same unit"
		expect(run(life('routed'), 'reassign', { ...inputFor('reassign', at), unitId: 7, unitRegion: '371702' }, at)).toMatchObject({ ok: false, rule: 'unit.place' });
		// an extended item: the place first, then 改派's clock facts
		const extended = life('handling', {}, { ext: [[10, '2026-03-08 09:00']] });
		expect(run(extended, 'reassign', { ...inputFor('reassign', at), unitRegion: '371702' }, at)).toMatchObject({ ok: false, rule: 'unit.place' });
		expect(run(extended, 'reassign', inputFor('reassign', at), at)).toMatchObject({ ok: false, rule: 'reassign.clock-facts' });
	});
});
