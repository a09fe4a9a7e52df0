/**
 * The fields of a petition item as staff, upstream systems and ledgers (台账) give them, and
 * their checks: every refusal names the field and says what is wrong in Chinese. Pure — the
 * registration form runs the same checks in the browser. Region and unit stay as given (a code
 * or a name) until the server resolves them against the database.
 */
import { isValidIdNumber } from './identity.ts';
import { categories, channels, itemTypes, type Category, type Channel, type ItemType } from './vocabulary.ts';
import { UTC_OFFSET_MS } from '../time.ts';

/** Where an item came from (petition_item.source). */
export const sources = {
	form: '窗口登记',
	import: '台账导入',
	national: '国家信访信息系统',
	provincial: '省信访信息系统',
	'12345': '12345政务服务热线',
	simulator: '演示数据'
} as const;
export type Source = keyof typeof sources;
/** The sources an upstream system may speak for through the API. */
export const apiSources = ['national', 'provincial', '12345'] as const satisfies readonly Source[];
export type ApiSource = (typeof apiSources)[number];

/** The fields, with the Chinese name a person reads (and a ledger's column header). */
export const intakeFields = {
	channel: '信访形式',
	receivedAt: '收件时间',
	region: '问题属地',
	category: '问题类别',
	type: '信访类型',
	summary: '内容摘要',
	headcount: '人数',
	unit: '责任单位',
	routedAt: '转送交办时间',
	petitionerName: '信访人姓名',
	phone: '联系电话',
	idNumber: '身份证号',
	sourceId: '来源编号'
} as const;
export type IntakeField = keyof typeof intakeFields;
/** What every entry point turns its input into: text by field, as typed. */
export type IntakeRecord = Partial<Record<IntakeField, string>>;
/**
 * What checkIntake accepts: a record as a form or a spreadsheet may really hold it — a number
 * input bound in Svelte gives a number (or null when cleared), a cell a number. Read as text.
 */
export type IntakeInput = Partial<Record<IntakeField, string | number | null>>;
export type FieldError = { field: IntakeField; message: string };

/** A checked item, region and unit still as given. */
export type IntakeDraft = {
	channel: Channel;
	receivedAt: Date;
	/** false when only a date was given: the time of day is unknown (no night-visit check) */
	receivedTimeKnown: boolean;
	region: string;
	category: Category;
	type: ItemType;
	summary: string;
	headcount: number;
	unit: string | null;
	routedAt: Date | null;
	petitioner: { name: string; phone: string | null; idNumber: string | null } | null;
	sourceId: string | null;
};

const DAY_MS = 86_400_000;
/** Nothing before this is a plausible receipt: a typo (0202 for 2020) or a wrong column. */
export const EARLIEST_RECEIPT = new Date('1980-01-01T00:00:00+08:00');

const DATE = /^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{2})(\d{2}))/;
const TIME = /^(?:[ T]+|日\s*)?(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2})(?:\.\d+)?)?\s*(?:秒|分)?/;
const OFFSET = /^(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A point in time from text: '2026-11-20 09:30', '2026/11/20 9:30:05', '2026年11月20日',
 * '20261120', ISO 8601 with an offset. Without an offset the time is local (Asia/Shanghai);
 * without a time it is the start of that local day, and `hasTime` says so.
 */
export function parseLocalDateTime(text: string): { at: Date; hasTime: boolean } | null {
	let rest = text.trim();
	const date = DATE.exec(rest);
	if (!date) return null;
	const [year, month, day] = [Number(date[1]), Number(date[2] ?? date[4]), Number(date[3] ?? date[5])];
	rest = rest.slice(date[0].length);
	let [hour, minute, second, hasTime] = [0, 0, 0, false];
	const time = TIME.exec(rest);
	if (time) {
		[hour, minute, second, hasTime] = [Number(time[1]), Number(time[2]), Number(time[3] ?? 0), true];
		rest = rest.slice(time[0].length);
	}
	rest = rest.trim();
	let offsetMs = UTC_OFFSET_MS;
	if (rest) {
		const offset = OFFSET.exec(rest);
		if (!offset || !hasTime) return null;
		if (offset[1] === 'Z') offsetMs = 0;
		else {
			const digits = offset[1].replace(':', '');
			const sign = digits[0] === '-' ? -1 : 1;
			offsetMs = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
		}
	}
	if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
	const wall = Date.UTC(year, month - 1, day, hour, minute, second);
	const check = new Date(wall);
	if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
	return { at: new Date(wall - offsetMs), hasTime };
}

/** Other words people use for the same thing, beyond the code and the label itself. */
const ALIASES: Record<'channel' | 'category' | 'type', Record<string, string>> = {
	channel: {
		信: 'letter', 来信件: 'letter', 信件: 'letter', 走访: 'visit', 来访件: 'visit', 网信: 'online', 网上: 'online', 网络: 'online',
		网上投诉: 'online', 来电: 'phone', 电话信访: 'phone', 视频: 'video', 信箱: 'mailbox', 书记信箱: 'mailbox', 市长信箱: 'mailbox',
		'12345': 'hotline', '12345热线': 'hotline', 热线: 'hotline', 热线转办: 'hotline'
	},
	category: {
		征地: 'land', 拆迁: 'land', 劳动保障: 'labour', 欠薪: 'labour', 劳资纠纷: 'labour', 社保: 'labour', 住房: 'housing', 住建: 'housing',
		城建: 'housing', 涉法: 'legal', 涉诉: 'legal', 政法: 'legal', 农村: 'rural', 农业: 'rural', 三农: 'rural', 环保: 'environment',
		环境: 'environment', 医疗: 'health', 卫生: 'health', 企业: 'enterprise', 纪检: 'discipline', 党纪: 'discipline'
	},
	type: { 建议: 'proposal', 意见: 'proposal', 建议意见: 'proposal', 检举: 'complaint', 控告: 'complaint', 检举控告: 'complaint', 申诉: 'appeal', 求决: 'appeal', 申诉求决: 'appeal' }
};

/** A code from its code, its Chinese label or a common alias (spaces ignored), or null. */
export function codeOf<T extends Record<string, string>>(vocabulary: T, kind: keyof typeof ALIASES, text: string): keyof T | null {
	const word = text.replace(/\s+/g, '');
	if (Object.hasOwn(vocabulary, word)) return word as keyof T;
	for (const [code, label] of Object.entries(vocabulary)) if (label === word) return code as keyof T;
	const alias = ALIASES[kind][word];
	return alias !== undefined && Object.hasOwn(vocabulary, alias) ? (alias as keyof T) : null;
}

const HIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uD800-\uDFFF]/u;
const length = (s: string) => Array.from(s).length;

function plain(label: string, value: string, max: number, oneLine: boolean): string | null {
	if (HIDDEN.test(value)) return `${label}含有不可见或控制字符`;
	if (oneLine && /[\t\n\r]/.test(value)) return `${label}不能包含换行或制表符`;
	if (length(value) > max) return `${label}不能超过 ${max} 个字符`;
	return null;
}

/** A mobile number as typed: spaces, hyphens and a +86 prefix are allowed. */
export const normalisePhone = (text: string) => text.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');

/**
 * Checks a record; every field at fault gets one error. `now` bounds the dates (the clock is
 * passed in). `requireSourceId` for upstream systems, whose retries are matched by it.
 */
export function checkIntake(record: IntakeInput, now: Date, options: { requireSourceId?: boolean } = {}): { ok: true; draft: IntakeDraft } | { ok: false; errors: FieldError[] } {
	const errors: FieldError[] = [];
	const fail = (field: IntakeField, message: string) => errors.push({ field, message });
	// a pure check must not throw on what a form gives: a number (人数) is read as its text
	const given = (field: IntakeField) => String(record[field] ?? '').trim();
	const latest = new Date(now.getTime() + DAY_MS);

	const pick = <T extends Record<string, string>>(field: 'channel' | 'category' | 'type', vocabulary: T): keyof T | null => {
		const text = given(field);
		if (!text) return fail(field, `请填写${intakeFields[field]}`), null;
		const code = codeOf(vocabulary, field, text);
		if (code === null) fail(field, `${intakeFields[field]}“${text.slice(0, 20)}”无效，应为：${Object.values(vocabulary).join('、')}`);
		return code;
	};
	const when = (field: 'receivedAt' | 'routedAt') => {
		const text = given(field);
		if (!text) return null;
		const parsed = parseLocalDateTime(text);
		if (!parsed) return fail(field, `${intakeFields[field]}“${text.slice(0, 30)}”无法识别，请写成 2026-11-20 09:30 的格式`), null;
		if (parsed.at < EARLIEST_RECEIPT) return fail(field, `${intakeFields[field]}不能早于 1980 年`), null;
		if (parsed.at > latest) return fail(field, `${intakeFields[field]}不能晚于当前时间`), null;
		return parsed;
	};

	const channel = pick('channel', channels) as Channel | null;
	const category = pick('category', categories) as Category | null;
	const type = pick('type', itemTypes) as ItemType | null;
	const received = when('receivedAt');
	if (!given('receivedAt')) fail('receivedAt', '请填写收件时间');
	const routed = when('routedAt');

	const region = given('region');
	if (!region) fail('region', '请填写问题属地（区县名称或 6 位行政区划代码）');
	else {
		const problem = plain('问题属地', region, 40, true);
		if (problem) fail('region', problem);
	}

	const summary = given('summary');
	if (!summary) fail('summary', '请填写内容摘要');
	else {
		const problem = plain('内容摘要', summary, 2000, false);
		if (problem) fail('summary', problem);
	}

	let headcount = 1;
	const heads = given('headcount');
	if (heads) {
		const match = /^(\d{1,6})(?:\.0+)?\s*人?$/.exec(heads);
		if (!match) fail('headcount', '人数应为 1–10000 的整数');
		else if (Number(match[1]) < 1 || Number(match[1]) > 10_000) fail('headcount', '人数应为 1–10000 的整数');
		else headcount = Number(match[1]);
	}

	const unit = given('unit') || null;
	if (unit) {
		const problem = plain('责任单位', unit, 60, true);
		if (problem) fail('unit', problem);
	}
	if (routed && received && routed.at < received.at) fail('routedAt', '转送交办时间不能早于收件时间');
	if (given('routedAt') && !unit) fail('unit', '填写了转送交办时间，请同时填写责任单位');

	const name = given('petitionerName');
	const phone = normalisePhone(given('phone'));
	const idNumber = given('idNumber').toUpperCase();
	if (name) {
		const problem = plain('信访人姓名', name, 40, true);
		if (problem) fail('petitionerName', problem);
	} else if (phone || idNumber) fail('petitionerName', '填写了联系电话或身份证号，请同时填写信访人姓名');
	if (phone && !/^1[3-9]\d{9}$/.test(phone)) fail('phone', '联系电话应为 11 位手机号码');
	if (idNumber) {
		if (/^\d(\.\d+)?E\+?\d+$/i.test(idNumber)) fail('idNumber', '身份证号被存成了数字（科学计数法），末几位已丢失，请把该列设为文本后重新填写');
		else if (!/^[0-9]{17}[0-9X]$/.test(idNumber)) fail('idNumber', '身份证号应为 18 位（最后一位可为 X）');
		else if (!isValidIdNumber(idNumber)) fail('idNumber', '身份证号的出生日期或校验位不正确，请核对');
	}

	const sourceId = given('sourceId') || null;
	if (sourceId) {
		if (/\s/.test(sourceId) || HIDDEN.test(sourceId)) fail('sourceId', `${intakeFields.sourceId}不能包含空格或控制字符`);
		else if (length(sourceId) > 64) fail('sourceId', `${intakeFields.sourceId}不能超过 64 个字符`);
	} else if (options.requireSourceId) fail('sourceId', `请填写${intakeFields.sourceId}（上游系统中的事项编号）`);

	if (errors.length > 0 || !channel || !category || !type || !received) return { ok: false, errors };
	return {
		ok: true,
		draft: {
			channel,
			receivedAt: received.at,
			receivedTimeKnown: received.hasTime,
			region,
			category,
			type,
			summary,
			headcount,
			unit,
			routedAt: routed?.at ?? null,
			petitioner: name ? { name, phone: phone || null, idNumber: idNumber || null } : null,
			sourceId
		}
	};
}
