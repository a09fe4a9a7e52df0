import { describe, expect, it } from 'vitest';
import { decide, transitions, actions, type Action, type Who } from './lifecycle.ts';
import { actors, dayAfter, inputFor, life, type ActorName } from './lifecycle.fixture.ts';
import { config } from './spec-support.ts';
import { codesOf, statuses, type Status } from './vocabulary.ts';

const TABLE_RULES = ['who', 'who.head', 'scope', 'own-unit', 'state'];

/** What the table alone says of an actor, an action and a status: the rule that refuses, or null. */
function expected(action: Action, status: Status, name: ActorName): string | null {
	const rule = transitions[action];
	const who = rule.who as readonly Who[];
	const actor = actors[name];
	switch (actor.role) {
		case 'petitioner':
			if (!who.includes('petitioner')) return 'who';
			break;
		case 'supervisor':
		case 'api':
			if (actor.role === 'supervisor' ? !who.includes('office') : who.every((w) => w === 'petitioner')) return 'who';
			if (name.endsWith('Elsewhere')) return 'scope';
			break;
		case 'unit': {
			const head = 'unitHead' in actor && actor.unitHead;
			if (!who.includes('unit') && !(who.includes('head') && head)) return who.includes('head') ? 'who.head' : 'who';
			// every fixture item outside 'registered' is unit 7's; a registered one has no unit
			if (actor.unitId !== 7 || status === 'registered') return 'own-unit';
			break;
		}
		default:
			return 'who';
	}
	return (rule.from as readonly Status[]).includes(status) ? null : 'state';
}

describe('the transition table, every cell: status × action × actor', () => {
	const names = Object.keys(actors) as ActorName[];
	for (const status of codesOf(statuses))
		for (const action of actions)
			it(`${status} × ${action}`, () => {
				const at = dayAfter(status);
				for (const name of names) {
					const d = decide(life(status), actors[name], action, inputFor(action, at) as never, at, config());
					const want = expected(action, status, name);
					const got = d.ok ? null : d.rule;
					if (want) expect({ name, got }).toEqual({ name, got: want });
					else expect({ name, got: TABLE_RULES.includes(got ?? '') ? got : 'passed the table' }).toEqual({ name, got: 'passed the table' });
					if (!d.ok) expect(d.message).toMatch(/^【[^】]+】.+/);
				}
			});
});

describe('refusals from the table speak Chinese and name the rule', () => {
	it('a unit acting on another unit’s item', () => {
		const at = dayAfter('routed');
		const d = decide(life('routed'), actors.otherUnit, 'accept', {}, at, config());
		expect(d).toMatchObject({ ok: false, rule: 'own-unit', field: 'id' });
		expect(!d.ok && d.message).toContain('【本单位事项】');
	});
	it('a unit approving its own extension without being its head', () => {
		const d = decide(life('handling'), actors.unit, 'extend-approve', {}, dayAfter('handling'), config());
		expect(d).toMatchObject({ ok: false, rule: 'who.head' });
		expect(!d.ok && d.message).toContain('单位负责人');
	});
	it('an office outside its scope', () => {
		const d = decide(life('registered'), actors.officeElsewhere, 'route', inputFor('route', dayAfter('registered')) as never, dayAfter('registered'), config());
		expect(d).toMatchObject({ ok: false, rule: 'scope', field: 'id' });
		expect(!d.ok && d.message).toContain('【属地管理】');
	});
	it('evaluating before 办结', () => {
		const d = decide(life('handling'), actors.office, 'evaluate', { satisfaction: 'satisfied' }, dayAfter('handling'), config());
		expect(d).toMatchObject({ ok: false, rule: 'state' });
		expect(!d.ok && d.message).toBe('【状态】事项当前为“办理中”，不能评价（仅限已办结、复查、复核、已终结）');
	});
	it('an unknown action', () => {
		const d = decide(life('routed'), actors.office, 'fly' as Action, {} as never, dayAfter('routed'), config());
		expect(d).toMatchObject({ ok: false, rule: 'action', field: 'action' });
	});
	it('a time before the item’s latest step cannot be placed', () => {
		const d = decide(life('routed'), actors.unit, 'accept', {}, new Date(life('routed').lastAt.getTime() - 1), config());
		expect(d).toMatchObject({ ok: false, rule: 'order', field: 'at' });
		expect(!d.ok && d.message).toContain('【时序】');
	});
	it('an invalid time', () => {
		expect(decide(life('routed'), actors.unit, 'accept', {}, new Date(NaN), config())).toMatchObject({ ok: false, rule: 'input', field: 'at' });
	});
});
