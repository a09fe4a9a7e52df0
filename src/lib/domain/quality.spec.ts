import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { idCheckDigit } from './identity.ts';
import { checkQuality, HANDLING_SECTORS, QUALITY_CODE_PATTERN, qualityCodes, type QualityInput } from './quality.ts';

const id = (first17: string) => first17 + idCheckDigit(first17);
const at = (local: string) => new Date(`${local}+08:00`);
/** Friday 20 November 2026, 10:00 in 济南. */
const NOW = at('2026-11-20T10:00:00');

/** A clean item: no warning at all. */
const clean = (): QualityInput => ({
	channel: 'visit',
	receivedAt: at('2026-11-18T09:30:00'), // a Wednesday morning
	receivedTimeKnown: true,
	routedAt: null,
	region: { adcode: '370102', name: '历下区', level: 'county' },
	category: 'labour',
	type: 'appeal',
	summary: '反映某建筑工地拖欠农民工工资三个月未支付',
	headcount: 1,
	unit: { name: '济南市历下区人力资源和社会保障局', region: '370102', regionName: '历下区', sector: '人社' },
	petitioner: { name: '张三', phone: '13800000000', idNumber: id('37010219700101123') }
});
const codes = (input: QualityInput, now = NOW) => checkQuality(input, now).map((w) => w.code);
const one = (input: QualityInput, now = NOW) => {
	const warnings = checkQuality(input, now);
	expect(warnings, JSON.stringify(warnings)).toHaveLength(1);
	return warnings[0];
};

describe('智能校对', () => {
	it('finds nothing in a clean item', () => {
		expect(checkQuality(clean(), NOW)).toEqual([]);
	});

	it('says every warning in Chinese and names a field', () => {
		const all = checkQuality(
			{ ...clean(), channel: 'visit', receivedAt: at('1999-05-01T23:00:00'), region: { adcode: '370100', name: '济南市', level: 'city' }, unit: null, petitioner: null, summary: '欠薪' },
			NOW
		);
		expect(all.map((w) => w.code).sort()).toEqual(['petitioner_missing', 'received_before_2000', 'region_not_county', 'registered_late', 'summary_too_short', 'unit_missing', 'visit_at_night', 'visit_on_weekend'].sort());
		for (const w of all) {
			expect(w.message).toMatch(/[\u4e00-\u9fff]/);
			expect(w.field).toBeTruthy();
			expect(qualityCodes[w.code]).toBeTruthy();
		}
	});

	describe('missing details', () => {
		it('warns about an anonymous item, more firmly for 申诉求决类', () => {
			expect(one({ ...clean(), petitioner: null }).message).toContain('无法书面告知');
			const complaint = one({ ...clean(), type: 'complaint', petitioner: null });
			expect(complaint).toMatchObject({ code: 'petitioner_missing', field: 'petitionerName' });
			expect(complaint.message).toContain('匿名');
		});
		it('warns about a missing phone or identity number, each once', () => {
			expect(one({ ...clean(), petitioner: { name: '张三', phone: null, idNumber: id('37010219700101123') } })).toMatchObject({ code: 'phone_missing', field: 'phone' });
			expect(one({ ...clean(), petitioner: { name: '张三', phone: '13800000000', idNumber: null } })).toMatchObject({ code: 'id_number_missing', field: 'idNumber' });
			expect(codes({ ...clean(), petitioner: { name: '张三', phone: null, idNumber: null } })).toEqual(['phone_missing', 'id_number_missing']);
		});
		it('warns about a summary under 10 characters (counted as characters, 𠮷 is one)', () => {
			expect(one({ ...clean(), summary: '反映欠薪问题请处理' }).message).toContain('9 个字');
			expect(codes({ ...clean(), summary: '反映欠薪问题请处理𠮷' })).toEqual([]);
			expect(codes({ ...clean(), summary: '  反映欠薪  ' })).toEqual(['summary_too_short']);
		});
	});

	describe('the responsible unit', () => {
		it('warns when no unit is named, with the routing deadline', () => {
			expect(one({ ...clean(), unit: null })).toMatchObject({ code: 'unit_missing', field: 'unit', message: expect.stringContaining('2026-12-03') });
		});
		it('warns when the unit does not handle this kind of matter', () => {
			const w = one({ ...clean(), unit: { name: '济南市历下区教育和体育局', region: '370102', regionName: '历下区', sector: '教育' } });
			expect(w.code).toBe('unit_sector_mismatch');
			expect(w.message).toContain('劳动社保');
		});
		it('accepts every sector the table lists for a category', () => {
			for (const [category, sectors] of Object.entries(HANDLING_SECTORS))
				for (const sector of sectors)
					expect(codes({ ...clean(), category: category as QualityInput['category'], unit: { ...clean().unit!, sector } }), `${category} ${sector}`).toEqual([]);
		});
		it('does not judge a sector it does not know, nor the category 其他', () => {
			expect(codes({ ...clean(), unit: { ...clean().unit!, sector: '测试' } })).toEqual([]);
			expect(codes({ ...clean(), category: 'other', unit: { ...clean().unit!, sector: '教育' } })).toEqual([]);
		});
		it('warns when the petition office itself is named for a matter a department should handle', () => {
			const office = { name: '济南市历下区信访局', region: '370102', regionName: '历下区', sector: '信访' };
			expect(one({ ...clean(), unit: office }).code).toBe('unit_is_petition_office');
			expect(codes({ ...clean(), category: 'other', unit: office })).toEqual([]);
		});
		it('warns when the unit sits two or more levels above the place of the matter', () => {
			const w = one({ ...clean(), unit: { name: '山东省人力资源和社会保障厅', region: '370000', regionName: '山东省', sector: '人社' } });
			expect(w).toMatchObject({ code: 'unit_higher_level', field: 'unit' });
			expect(w.message).toContain('山东省');
			expect(w.message).toContain('历下区');
			expect(w.message).toContain('2 级');
		});
		it('does not warn for the unit one level up: a city department handles its counties’ matters (属地管理、分级负责)', () => {
			expect(codes({ ...clean(), unit: { name: '济南市人力资源和社会保障局', region: '370100', regionName: '济南市', sector: '人社' } })).toEqual([]);
			expect(codes({ ...clean(), unit: { name: '济南市生态环境局', region: '370100', regionName: '济南市', sector: '生态环境' }, category: 'environment' })).toEqual([]);
		});
		it('warns when the place stops at a city', () => {
			const w = checkQuality({ ...clean(), region: { adcode: '370100', name: '济南市', level: 'city' }, unit: { ...clean().unit!, region: '370100', regionName: '济南市' } }, NOW);
			expect(w.map((x) => x.code)).toEqual(['region_not_county']);
		});
	});

	describe('dates', () => {
		it('warns about a receipt in the future, beyond five minutes of clock drift', () => {
			expect(codes({ ...clean(), receivedAt: new Date(NOW.getTime() + 4 * 60_000) })).toEqual([]);
			expect(one({ ...clean(), receivedAt: new Date(NOW.getTime() + 6 * 60_000) }).code).toBe('received_in_future');
		});
		it('warns about a receipt before 2000 (a mistyped year)', () => {
			const w = checkQuality({ ...clean(), channel: 'letter', receivedAt: at('1999-12-31T10:00:00'), routedAt: at('2000-01-05T10:00:00') }, NOW);
			expect(w.map((x) => x.code)).toEqual(['received_before_2000']);
			expect(codes({ ...clean(), channel: 'letter', receivedAt: at('2000-01-01T00:00:00'), routedAt: at('2000-01-05T10:00:00') })).toEqual([]);
		});
		it('warns when an unrouted item is registered after its routing deadline, not on the last day', () => {
			// received 5 November: due 20 November (today) — still in time
			expect(codes({ ...clean(), receivedAt: at('2026-11-05T09:30:00') })).toEqual([]);
			const late = one({ ...clean(), receivedAt: at('2026-11-04T09:30:00') });
			expect(late).toMatchObject({ code: 'registered_late', field: 'receivedAt' });
			expect(late.message).toContain('16 日');
		});
		it('warns when routing came after the 15-day limit, counting from the day after receipt', () => {
			const received = at('2026-10-01T16:00:00');
			expect(codes({ ...clean(), receivedAt: received, routedAt: at('2026-10-16T23:59:00') })).toEqual([]);
			const w = one({ ...clean(), receivedAt: received, routedAt: at('2026-10-17T00:00:00') });
			expect(w).toMatchObject({ code: 'routed_late', field: 'routedAt' });
			expect(w.message).toContain('1 日');
		});
		it('warns about a routing time in the future', () => {
			expect(one({ ...clean(), routedAt: at('2026-11-21T09:00:00') }).code).toBe('routed_in_future');
		});
		it('warns about a visit outside reception hours (07:00–20:00), only when the time is known', () => {
			for (const [time, night] of [['06:59', true], ['07:00', false], ['19:59', false], ['20:00', true], ['23:30', true], ['00:00', true]] as const)
				expect(codes({ ...clean(), receivedAt: at(`2026-11-18T${time}:00`) }), time).toEqual(night ? ['visit_at_night'] : []);
			expect(codes({ ...clean(), receivedAt: at('2026-11-18T00:00:00'), receivedTimeKnown: false })).toEqual([]);
			expect(codes({ ...clean(), channel: 'online', receivedAt: at('2026-11-18T23:30:00') })).toEqual([]);
		});
		it('warns about a visit on a Saturday or Sunday (local date, not UTC)', () => {
			expect(one({ ...clean(), receivedAt: at('2026-11-14T10:00:00') }).message).toContain('星期六');
			expect(one({ ...clean(), receivedAt: at('2026-11-15T10:00:00') }).message).toContain('星期日');
			// Monday 07:30 in 济南 is Sunday 23:30 UTC: a weekday here
			expect(codes({ ...clean(), receivedAt: at('2026-11-16T07:30:00') })).toEqual([]);
			expect(codes({ ...clean(), channel: 'letter', receivedAt: at('2026-11-14T10:00:00') })).toEqual([]);
		});
		it('warns about a weekend night visit twice: both are worth a look', () => {
			expect(codes({ ...clean(), receivedAt: at('2026-11-14T22:00:00') })).toEqual(['visit_at_night', 'visit_on_weekend']);
		});
	});

	describe('the petitioner', () => {
		it('warns when the birth date in the number makes the petitioner under 16 or over 100, or not yet born', () => {
			expect(one({ ...clean(), petitioner: { name: '张三', phone: '13800000000', idNumber: id('37010220150101123') } }).message).toContain('11 岁');
			expect(codes({ ...clean(), petitioner: { name: '张三', phone: '13800000000', idNumber: id('37010220101101123') } })).toEqual([]);
			expect(one({ ...clean(), petitioner: { name: '张三', phone: '13800000000', idNumber: id('37010219200101123') } }).code).toBe('petitioner_age');
			expect(one({ ...clean(), receivedAt: at('2001-03-01T10:00:00'), channel: 'letter', routedAt: at('2001-03-02T10:00:00'), petitioner: { name: '张三', phone: '13800000000', idNumber: id('37010220050101123') } }).message).toContain('尚未出生');
		});
		it('warns when the number is on file under another name, showing that name masked', () => {
			const w = one({ ...clean(), petitionerOnFile: '李四光' });
			expect(w).toMatchObject({ code: 'petitioner_name_differs', field: 'petitionerName' });
			expect(w.message).toContain('李**');
			expect(w.message).not.toContain('李四光');
			expect(codes({ ...clean(), petitionerOnFile: '张三' })).toEqual([]);
		});
	});
});

describe('warning codes and the table that stores them', () => {
	// a code item_quality_warning refuses makes the whole registration fail (HTTP 500), not just the warning
	it('every code the domain can emit fits QUALITY_CODE_PATTERN', () => {
		const bad = Object.keys(qualityCodes).filter((code) => !QUALITY_CODE_PATTERN.test(code));
		expect(bad).toEqual([]);
		expect(QUALITY_CODE_PATTERN.test('received_before_2000')).toBe(true);
	});

	it('the latest migration checking item_quality_warning.code uses the same pattern', () => {
		const dir = new URL('../../../db/migrations/', import.meta.url);
		const checks = readdirSync(dir)
			.filter((f) => f.endsWith('.sql'))
			.sort()
			.map((f) => readFileSync(new URL(f, dir), 'utf8'))
			.filter((sql) => sql.includes('item_quality_warning'))
			.flatMap((sql) => [...sql.matchAll(/check \(code ~ '([^']+)'\)/g)].map((m) => m[1]));
		expect(checks.at(-1)).toBe(QUALITY_CODE_PATTERN.source);
	});
});
