import { describe, expect, it } from 'vitest';
import { actions } from '../../domain/lifecycle.ts';
import { checkEventBody, parseInstant } from './event-body.ts';
import { eventInputs } from './event-types.ts';

describe('parseInstant: an ISO 8601 instant with its offset', () => {
	it('reads Z and ±hh:mm, with or without seconds and fractions', () => {
		expect(parseInstant('2026-11-20T09:30:00+08:00')?.toISOString()).toBe('2026-11-20T01:30:00.000Z');
		expect(parseInstant('2026-11-20T01:30Z')?.toISOString()).toBe('2026-11-20T01:30:00.000Z');
		expect(parseInstant('2026-11-20T01:30:05.123456-05:00')?.toISOString()).toBe('2026-11-20T06:30:05.123Z');
	});
	it('refuses local times, dates alone, impossible dates and other types', () => {
		for (const bad of ['2026-11-20 09:30', '2026-11-20T09:30:00', '2026-11-20', '2026-02-30T09:00:00Z', '2026-13-01T09:00:00Z', '2026-11-20T24:00:00Z', '昨天', 1763600000000, null])
			expect(parseInstant(bad), String(bad)).toBeNull();
	});
});

describe('checkEventBody', () => {
	const at = '2026-11-20T09:30:00+08:00';
	it('takes every transition with the inputs it needs, keeping only those', () => {
		const example = (a: (typeof actions)[number]) => Object.fromEntries(Object.entries(eventInputs[a]).map(([k, f]) => [k, f.kind === 'string' && f.values ? Object.keys(f.values)[0] : f.example]));
		for (const type of actions) {
			const checked = checkEventBody({ eventId: `E-${type}`, type, at, input: example(type) });
			expect(checked.ok, type).toBe(true);
			if (checked.ok) expect(checked.event).toEqual({ eventId: `E-${type}`, type, at: new Date(at), input: example(type) });
		}
		// an action without inputs may leave `input` out
		expect(checkEventBody({ eventId: 'E', type: 'accept', at })).toMatchObject({ ok: true, event: { input: {} } });
	});
	it('names the field at fault, by its path', () => {
		const refusal = (body: unknown) => {
			const c = checkEventBody(body);
			return c.ok ? null : c.field;
		};
		expect(refusal(null)).toBe('');
		expect(refusal({ eventId: 'E', type: 'accept', at, extra: 1 })).toBe('extra');
		expect(refusal({ type: 'accept', at })).toBe('eventId');
		expect(refusal({ eventId: 'E\n', type: 'accept', at })).toBe('eventId');
		expect(refusal({ eventId: 'E', type: 'toString', at })).toBe('type');
		expect(refusal({ eventId: 'E', type: 'accept', at: 'now' })).toBe('at');
		expect(refusal({ eventId: 'E', type: 'accept', at, input: { unitId: 1 } })).toBe('input.unitId');
		expect(refusal({ eventId: 'E', type: 'route', at, input: { unitId: 1.5 } })).toBe('input.unitId');
		expect(refusal({ eventId: 'E', type: 'route', at, input: { unitId: 0 } })).toBe('input.unitId');
		expect(refusal({ eventId: 'E', type: 'refuse-again', at, input: { reason: '同一事项', noticeOn: '2026-11-20' } })).toBe('input.priorSerial');
		expect(refusal({ eventId: 'E', type: 'review-decide', at, input: { text: '长'.repeat(2001) } })).toBe('input.text');
		expect(refusal({ eventId: 'E', type: 'review-decide', at, input: { text: '长'.repeat(2000) } })).toBeNull();
		expect(refusal({ eventId: 'E', type: 'evaluate', at, input: { satisfaction: 'toString' } })).toBe('input.satisfaction');
	});
});
