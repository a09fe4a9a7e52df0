/**
 * 智能校对: what looks wrong in an item that is valid enough to register — missing details,
 * a unit that does not fit the place or the matter, dates that are possible but odd. These are
 * warnings, never refusals: staff see them at registration and in the import preview, and they
 * are stored with the item so they can be counted per unit. Pure; the clock is passed in.
 */
import { maskName } from './access.ts';
import { dayOfWeek, daysBetween, localDate, ROUTE_DAYS, routeDue } from './deadlines.ts';
import { skipLevelByRegion } from './escalation.ts';
import { birthDateOf } from './identity.ts';
import type { IntakeField } from './intake.ts';
import { categories, type Category, type Channel, type ItemType } from './vocabulary.ts';
import { localClock } from '../time.ts';

export type QualityRegion = { adcode: string; name: string; level: 'province' | 'city' | 'county' };
/** A unit as quality needs it: where it sits and what kind of matters it handles (its 系统/行业). */
export type QualityUnit = { name: string; region: string; regionName: string; sector: string };

export type QualityInput = {
	channel: Channel;
	receivedAt: Date;
	receivedTimeKnown: boolean;
	routedAt: Date | null;
	region: QualityRegion;
	category: Category;
	type: ItemType;
	summary: string;
	headcount: number;
	unit: QualityUnit | null;
	petitioner: { name: string; phone: string | null; idNumber: string | null } | null;
	/** the name already on file for this identity number, when the database has one */
	petitionerOnFile?: string | null;
};

/**
 * What a warning code may look like: the check on item_quality_warning.code (migration
 * 0164_quality_code_digits.sql) is this pattern, and quality.spec.ts holds every code and that
 * migration to it — a code the table refuses fails the whole registration, not just the warning.
 */
export const QUALITY_CODE_PATTERN = /^[a-z][a-z0-9_]*$/;

export const qualityCodes = {
	petitioner_missing: '未登记信访人',
	phone_missing: '缺联系电话',
	id_number_missing: '缺身份证号',
	petitioner_name_differs: '身份证号与姓名不一致',
	petitioner_age: '年龄存疑',
	unit_missing: '未指定责任单位',
	unit_is_petition_office: '责任单位为信访部门',
	unit_sector_mismatch: '责任单位不对口',
	unit_higher_level: '责任单位为上级单位',
	region_not_county: '属地未到区县',
	received_in_future: '收件时间在未来',
	received_before_2000: '收件时间过早',
	registered_late: '超期登记',
	routed_late: '转送交办超期',
	routed_in_future: '转送时间在未来',
	visit_at_night: '夜间来访',
	visit_on_weekend: '周末来访',
	summary_too_short: '摘要过简'
} as const;
export type QualityCode = keyof typeof qualityCodes;
export type QualityWarning = { code: QualityCode; field: IntakeField; message: string };

/**
 * Which 系统 usually handle a category (属地管理、分级负责). Data, not logic: a locality edits it.
 * A unit whose sector appears nowhere here is not judged.
 */
export const HANDLING_SECTORS: Record<Category, readonly string[]> = {
	land: ['自然资源', '住建', '乡镇'],
	labour: ['人社', '住建', '乡镇'],
	housing: ['住建', '自然资源', '乡镇'],
	legal: ['政法委', '公安', '法院', '检察院', '司法'],
	rural: ['农业农村', '自然资源', '乡镇'],
	environment: ['生态环境', '乡镇'],
	health: ['卫健', '医保'],
	education: ['教育'],
	civil: ['民政', '乡镇'],
	enterprise: ['国资', '工信', '人社'],
	discipline: ['纪委监委', '组织部'],
	other: []
};
const PETITION_OFFICE = '信访';
const KNOWN_SECTORS = new Set([PETITION_OFFICE, ...Object.values(HANDLING_SECTORS).flat()]);

/** Reception hours of a 来访 hall (local time); a visit outside them is probably a typed time. */
export const RECEPTION_HOURS = { from: 7, to: 20 };
/** Grace for clocks a little ahead (an upstream system's, a PC's). */
const FUTURE_GRACE_MS = 5 * 60_000;
const MIN_SUMMARY = 10;
const LEVEL_NAMES = { province: '省级', city: '市级', county: '区县级' };
const WEEKDAYS = '日一二三四五六';

const localTime = localClock;

/** The warnings for one item, in field order. */
export function checkQuality(input: QualityInput, now: Date): QualityWarning[] {
	const warnings: QualityWarning[] = [];
	const warn = (code: QualityCode, field: IntakeField, message: string) => warnings.push({ code, field, message });
	const received = localDate(input.receivedAt);
	const today = localDate(now);

	if (input.receivedAt.getTime() > now.getTime() + FUTURE_GRACE_MS) warn('received_in_future', 'receivedAt', `收件时间（${received} ${localTime(input.receivedAt)}）晚于当前时间，请核对`);
	if (received < '2000-01-01') warn('received_before_2000', 'receivedAt', `收件时间为 ${received}，早于 2000 年，请核对是否录错年份`);
	if (input.channel === 'visit' && input.receivedTimeKnown) {
		const hour = Number(localTime(input.receivedAt).slice(0, 2));
		if (hour < RECEPTION_HOURS.from || hour >= RECEPTION_HOURS.to)
			warn('visit_at_night', 'receivedAt', `来访时间为夜间 ${localTime(input.receivedAt)}，不在接待时间内，请核对时间`);
	}
	if (input.channel === 'visit' && [0, 6].includes(dayOfWeek(received)))
		warn('visit_on_weekend', 'receivedAt', `来访日期 ${received} 是星期${WEEKDAYS[dayOfWeek(received)]}，请核对（调休工作日可忽略）`);

	const due = routeDue(input.receivedAt);
	if (input.routedAt) {
		const routed = localDate(input.routedAt);
		if (input.routedAt.getTime() > now.getTime() + FUTURE_GRACE_MS) warn('routed_in_future', 'routedAt', `转送交办时间（${routed}）晚于当前时间，请核对`);
		else if (routed > due) warn('routed_late', 'routedAt', `转送交办于 ${routed}，超过收件后 ${ROUTE_DAYS} 日的期限（${due}）${daysBetween(due, routed)} 日`);
	} else if (today > due) {
		warn('registered_late', 'receivedAt', `收件至今已 ${daysBetween(received, today)} 日，转送交办期限（${due}）已过，请尽快交办`);
	}

	if (input.region.level !== 'county') warn('region_not_county', 'region', `问题属地只到${LEVEL_NAMES[input.region.level]}（${input.region.name}），请细化到区县，便于属地交办`);

	const category = categories[input.category];
	if (!input.unit) warn('unit_missing', 'unit', `未指定责任单位，须在 ${due} 前转送交办`);
	else {
		const { unit } = input;
		if (unit.sector === PETITION_OFFICE && input.category !== 'other')
			warn('unit_is_petition_office', 'unit', `责任单位是信访部门（${unit.name}），${category}类事项通常应转送职能部门办理`);
		else if (KNOWN_SECTORS.has(unit.sector) && input.category !== 'other' && !HANDLING_SECTORS[input.category].includes(unit.sector))
			warn('unit_sector_mismatch', 'unit', `责任单位（${unit.name}，${unit.sector}系统）与问题类别（${category}）通常不对口，请确认责任单位`);
		// 属地管理、分级负责: the competent body is at the place's level or one level up (a city's
		// department for a county matter is ordinary); only a unit two or more levels up is a question
		const above = skipLevelByRegion(input.region.adcode, unit.region);
		if (above.isSkipLevel)
			warn('unit_higher_level', 'unit', `责任单位属${unit.regionName}，高于问题属地${input.region.name} ${above.levelsUp} 级，请确认是否提级办理或越级交办`);
	}

	if (!input.petitioner) {
		warn('petitioner_missing', 'petitionerName', input.type === 'appeal' ? '申诉求决类事项未登记信访人，受理和办理结果将无法书面告知' : '未登记信访人（匿名），请确认');
	} else {
		const { petitioner } = input;
		if (!petitioner.phone) warn('phone_missing', 'phone', '未登记联系电话，受理告知和回访将无法联系信访人');
		if (!petitioner.idNumber) warn('id_number_missing', 'idNumber', '未登记身份证号，重复信访无法按身份比对');
		else {
			const birth = birthDateOf(petitioner.idNumber);
			if (birth) {
				const age = Math.floor(daysBetween(birth, received) / 365.25);
				if (age < 16 || age > 100) warn('petitioner_age', 'idNumber', `按身份证号推算，收件时信访人${age < 0 ? '尚未出生' : `为 ${age} 岁`}，请核对身份证号`);
			}
			if (input.petitionerOnFile && input.petitionerOnFile !== petitioner.name)
				warn('petitioner_name_differs', 'petitionerName', `该身份证号已登记的姓名为“${maskName(input.petitionerOnFile)}”，与本次填写的“${petitioner.name}”不一致，请核对`);
		}
	}

	const summaryLength = Array.from(input.summary.trim()).length;
	if (summaryLength < MIN_SUMMARY) warn('summary_too_short', 'summary', `内容摘要只有 ${summaryLength} 个字，不足以说明诉求，请补充`);
	return warnings;
}

