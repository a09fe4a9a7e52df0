import { intakeFields, type IntakeField, type IntakeRecord } from '../../../domain/intake.ts';

/**
 * The columns of a ledger (台账). The template's headers come first; the other names are what
 * offices' own ledgers call the same column. A header is compared without spaces, asterisks and
 * a bracketed note: “收件时间*（年月日 时:分）” is 收件时间.
 */
export const LEDGER_COLUMNS: { field: IntakeField; header: string; required: boolean; aliases: string[]; hint: string }[] = [
	{ field: 'channel', header: '信访形式', required: true, aliases: ['来源渠道', '信访渠道', '渠道', '登记方式'], hint: '来信、来访、网上信访、电话、视频信访、领导信箱、12345转办' },
	{ field: 'receivedAt', header: '收件时间', required: true, aliases: ['收件日期', '登记时间', '登记日期', '信访日期', '来信来访时间', '受理时间'], hint: '2026-11-20 09:30；只写日期也可' },
	{ field: 'region', header: '问题属地', required: true, aliases: ['属地', '所属地区', '行政区划', '问题发生地', '地区'], hint: '区县名称（历下区、济南市历下区）或 6 位行政区划代码' },
	{ field: 'category', header: '问题类别', required: true, aliases: ['类别', '问题分类', '内容分类'], hint: '征地拆迁、劳动社保、城乡建设、涉法涉诉、农村农业、生态环境、卫生健康、教育、民政、企业改制、党纪政纪、其他' },
	{ field: 'type', header: '信访类型', required: true, aliases: ['事项性质', '信访性质', '诉求类型', '类型'], hint: '建议意见类、检举控告类、申诉求决类' },
	{ field: 'summary', header: '内容摘要', required: true, aliases: ['主要诉求', '诉求内容', '反映问题', '信访内容', '摘要'], hint: '2000 字以内' },
	{ field: 'headcount', header: '人数', required: false, aliases: ['信访人数', '来访人数'], hint: '1–10000，空白为 1 人' },
	{ field: 'unit', header: '责任单位', required: false, aliases: ['承办单位', '转送单位', '交办单位', '办理单位'], hint: '单位全称，须为问题属地或其上级地区的单位' },
	{ field: 'routedAt', header: '转送交办时间', required: false, aliases: ['转送时间', '交办时间', '转送日期', '转办时间'], hint: '已转送交办的填写，须同时填写责任单位' },
	{ field: 'petitionerName', header: '信访人姓名', required: false, aliases: ['信访人', '姓名', '反映人'], hint: '匿名的留空' },
	{ field: 'phone', header: '联系电话', required: false, aliases: ['电话', '手机号', '手机号码', '联系方式'], hint: '11 位手机号码' },
	{ field: 'idNumber', header: '身份证号', required: false, aliases: ['身份证号码', '公民身份号码', '证件号码'], hint: '18 位；请把该列设为文本，以免 Excel 丢失末几位' },
	{ field: 'sourceId', header: '台账编号', required: false, aliases: ['原编号', '来源编号', '信访件编号', '原信访件编号'], hint: '本台账自己的编号；同一编号不会重复导入' }
];

export const normaliseHeader = (text: string) => text.replace(/[（(【[][^）)】\]]*[）)】\]]/g, '').replace(/[\s*＊:：]/g, '');

const BY_NAME = new Map<string, IntakeField>();
for (const c of LEDGER_COLUMNS) for (const name of [c.header, ...c.aliases]) BY_NAME.set(name, c.field);

export const fieldOfHeader = (header: string): IntakeField | undefined => BY_NAME.get(normaliseHeader(header));

export type ColumnMap = { fields: (IntakeField | null)[]; headerOf: Partial<Record<IntakeField, string>>; ignored: string[] };

/** Which column holds which field; a missing required column or a field named twice is an error. */
export function mapColumns(headers: string[]): { ok: true; map: ColumnMap } | { ok: false; message: string } {
	const fields: (IntakeField | null)[] = [];
	const headerOf: Partial<Record<IntakeField, string>> = {};
	const ignored: string[] = [];
	for (const header of headers) {
		const field = fieldOfHeader(header) ?? null;
		if (field && headerOf[field] !== undefined)
			return { ok: false, message: `列“${headerOf[field]}”和列“${header}”都表示${intakeFields[field]}，请删去其中一列` };
		if (field) headerOf[field] = header;
		else if (header.trim()) ignored.push(header.trim());
		fields.push(field);
	}
	const missing = LEDGER_COLUMNS.filter((c) => c.required && headerOf[c.field] === undefined).map((c) => c.header);
	if (missing.length) return { ok: false, message: `缺少必填列：${missing.join('、')}。请使用导入模板，或把表头改成模板中的列名` };
	return { ok: true, map: { fields, headerOf, ignored } };
}

/** One row's cells as a record by field. */
export function recordOf(cells: string[], map: ColumnMap): IntakeRecord {
	const record: IntakeRecord = {};
	map.fields.forEach((field, i) => {
		if (field) record[field] = cells[i] ?? '';
	});
	return record;
}

/** How many known headers a row holds: the header row is the first with several (a title row may sit above it). */
export const knownHeaders = (cells: string[]) => cells.filter((c) => fieldOfHeader(c) !== undefined).length;
