import { BAD_ADCODES, BAD_IDS, each, HOSTILE, LONE_SURROGATES, PROTOTYPE_NAMES, TEXT_OK, withFile, type Case, type Ctx } from './bad-input-cases.ts';
import { addDays, localDate } from '../../src/lib/domain/deadlines.ts';
import { idNumberOf } from './intake.ts';

/**
 * The intake part of the bad-input corpus: the registration form, the ledger upload and commit,
 * the JSON API of upstream systems and the admin page of API clients. (Only functions here: the
 * corpus module imports this one, and its constants exist once these run.)
 */
const ID = idNumberOf('37010219700101123');
const WRONG_CHECK_DIGIT = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
const hostile = (skip: (value: string) => boolean = () => false) => each(HOSTILE).filter(([, value]) => !skip(value));
const blank = (value: string) => value.trim() === '';
/** a time a year after today, in Beijing (intake refuses anything past tomorrow) */
const aYearAhead = () => `${addDays(localDate(new Date()), 366)} 10:00`;

function formCases(): Case[] {
	const cases: Case[] = [];
	const path = '/intake/new?/register';
	const base = (): Record<string, string> => ({
		channel: 'letter', receivedAt: '2026-11-18 10:00', region: '370102', category: 'labour', type: 'appeal',
		summary: '反映拖欠工资问题，请尽快处理', headcount: '1', unit: '', routedAt: '', petitionerName: '张三', phone: '', idNumber: ''
	});
	const push = (category: string, name: string, body: Case['body'], rest: Partial<Case> = {}) =>
		cases.push({ category, name: `register: ${name}`, who: 'supervisor', path, body, expect: 'refuse', ...rest });
	const field = (name: string, value: string | ((c: Ctx) => string), extra: Record<string, string> | ((c: Ctx) => Record<string, string>) = {}) => (c: Ctx) => ({
		...base(),
		...(typeof extra === 'function' ? extra(c) : extra),
		[name]: typeof value === 'function' ? value(c) : value
	});

	for (const name of ['channel', 'category', 'type'])
		for (const [what, value] of [...hostile(), ...each({ 'upper case code': 'LETTER', toString: 'toString', __proto__: '__proto__' })])
			push('vocabulary', `${name} ${what}`, field(name, value), { field: name });
	for (const [what, value] of [...hostile(), ...each({ '30 February': '2026-02-30', 'before 1980': '1979-12-31', 'a year ahead': aYearAhead(), words: '昨天下午', 'US order': '11/18/2026' })])
		push('date', `receivedAt ${what}`, field('receivedAt', value), { field: 'receivedAt' });
	for (const [what, value] of [...hostile(), ...BAD_ADCODES.map((a) => [JSON.stringify(a), a] as const), ['990000 (no such region)', '990000'] as const]) {
		// a ledger's stray space is forgiven: "370100 " is 济南市
		if (value === '370100 ') push('adcode', `region ${what} (trimmed)`, field('region', value), { expect: 'accept' });
		else push('adcode', `region ${what}`, field('region', value), { field: 'region' });
	}
	push('scope', 'region 370202 (青岛) for a 济南 supervisor', field('region', '370202'), { field: 'region', status: 403 });
	push('scope', 'region 410000 (河南, real, outside the province)', field('region', '410000'), { field: 'region', status: 403 });
	push('scope', 'a 历下区 unit account registering in 市中区', field('region', '370103'), { who: 'unit', field: 'region', status: 403 });
	for (const [what, value] of hostile()) {
		if (TEXT_OK.has(value)) push('text stored as text', `summary ${what}`, field('summary', value), { expect: 'accept' });
		else push('text', `summary ${what}`, field('summary', value), { field: 'summary' });
	}
	push('text', 'summary of 2001 characters', field('summary', '诉'.repeat(2001)), { field: 'summary' });
	for (const [what, value] of [...hostile(blank), ...each({ zero: '0', negative: '-1', fraction: '1.5', '10001': '10001', '1e3': '1e3', 'full-width': '１' })])
		push('number', `headcount ${what}`, field('headcount', value), { field: 'headcount' });
	for (const [what, value] of [...hostile(blank), ...BAD_IDS.map((a) => [JSON.stringify(a), a] as const)])
		push('id', `unit ${what}`, field('unit', value), { field: 'unit' });
	push('id', 'unit of 青岛 for a 历下区 matter', field('unit', (c) => c.ids.unitQingdao), { field: 'unit' });
	push('id', 'unit of 市中区 for a 历下区 matter', field('unit', (c) => c.ids.unitShizhong), { field: 'unit' });
	for (const [what, value] of [...hostile(blank), ...each({ 'before receipt': '2026-11-18 09:59', '30 February': '2026-02-30' })])
		push('date', `routedAt ${what}`, field('routedAt', value, (c) => ({ unit: c.ids.unitLixia })), { field: 'routedAt' });
	push('missing field', 'routedAt without a unit', field('routedAt', '2026-11-19 10:00'), { field: 'unit' });
	for (const [what, value] of hostile((v) => blank(v) || TEXT_OK.has(v))) push('text', `petitioner name ${what}`, field('petitionerName', value), { field: 'petitionerName' });
	for (const [what, value] of hostile((v) => !TEXT_OK.has(v))) push('text stored as text', `petitioner name ${what}`, field('petitionerName', value), { expect: 'accept' });
	for (const [what, value] of [...hostile(blank), ...each({ 'ten digits': '1380000000', landline: '0531-88888888', 'US number': '+1 2025550123', 'starts 12': '12800000000' })])
		push('phone', `phone ${what}`, field('phone', value), { field: 'phone' });
	for (const [what, value] of [...hostile(blank), ...each({ 'wrong check digit': WRONG_CHECK_DIGIT, '30 February': idNumberOf('37010219700230123'), 'E notation': '3.70102197001011E+17', '15 digits': '370102700101123' })])
		push('identity', `ID number ${what}`, field('idNumber', value), { field: 'idNumber' });
	push('missing field', 'phone without a name', field('petitionerName', '', { phone: '13800000000' }), { field: 'petitionerName' });
	for (const name of ['channel', 'receivedAt', 'region', 'category', 'type', 'summary'])
		push('missing field', `without ${name}`, () => Object.fromEntries(Object.entries(base()).filter(([k]) => k !== name)), { field: name });
	push('wrong type', 'a field it does not take (sourceId)', field('sourceId', 'X-1'), { field: 'sourceId', status: 400 });
	push('duplicate', 'every field twice', () => Object.entries(base()).flatMap((e) => [e, e]), { status: 400, says: '重复提交' });
	push('wrong type', 'JSON body', { raw: JSON.stringify(base()), type: 'application/json' }, { status: 415 });
	push('wrong type', 'a file in a field', () => ({ raw: withFile(base()) }), { status: 400, says: '不接受文件' });
	push('oversized', '2 MB body', () => ({ ...base(), summary: 'x'.repeat(2_000_000) }), { status: 413, says: '过大' });
	push('csrf', 'no Origin header', base, { noOrigin: true, status: 403, kit: true });
	push('csrf', 'another site’s Origin', base, { origin: 'http://evil.example', status: 403, kit: true });
	push('account', 'no session', base, { who: 'nobody', status: 401 });
	for (const who of ['leader', 'admin', 'display'] as const) push('account', `a ${who} (no items.register)`, base, { who, status: 403, mayLog: ['access.denied'] });
	return cases;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const upload = (files: [string, BlobPart, string][], fields: [string, string][] = []) => () => {
	const data = new FormData();
	for (const [name, content, type] of files) data.append('file', new Blob([content], { type }), name);
	for (const [k, v] of fields) data.append(k, v);
	return { raw: data };
};

function importCases(): Case[] {
	const cases: Case[] = [];
	const push = (category: string, name: string, path: string, body: Case['body'], rest: Partial<Case> = {}) =>
		cases.push({ category, name, who: 'supervisor', path, body, expect: 'refuse', ...rest });
	const preview = '/intake/import?/preview';
	const csv = (text: string) => upload([['台账.csv', text, 'text/csv']]);
	push('file', 'preview: no file', preview, [], { field: 'file', status: 400 });
	push('file', 'preview: a text field instead of the file', preview, { file: 'a.xlsx' }, { field: 'file', status: 400 });
	push('file', 'preview: an empty file', preview, upload([['台账.xlsx', '', XLSX_TYPE]]), { field: 'file', status: 400 });
	push('file', 'preview: two files', preview, upload([['a.csv', 'x', 'text/csv'], ['b.csv', 'y', 'text/csv']]), { field: 'file', status: 400 });
	push('file', 'preview: a field besides the file', preview, upload([['a.csv', 'x', 'text/csv']], [['job', '1']]), { field: 'job', status: 400 });
	push('file', 'preview: a PDF', preview, upload([['a.pdf', '%PDF-1.4 x', 'application/pdf']]), { field: 'file', status: 422, says: '只支持' });
	push('file', 'preview: an old .xls', preview, upload([['a.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]), 'application/vnd.ms-excel']]), { field: 'file', status: 422, says: '.xls' });
	push('file', 'preview: a zip that is no workbook', preview, upload([['a.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]), XLSX_TYPE]]), { field: 'file', status: 422 });
	push('file', 'preview: a binary file named .csv', preview, upload([['a.csv', new Uint8Array([0, 1, 2, 3]), 'text/csv']]), { field: 'file', status: 422 });
	push('file', 'preview: CSV without the headers', preview, csv('a,b\n1,2'), { field: 'file', status: 422, says: '表头' });
	push('file', 'preview: CSV missing required columns', preview, csv('信访形式,收件时间\n来信,2026-11-18'), { field: 'file', status: 422, says: '缺少必填列' });
	push('file', 'preview: CSV headers only', preview, csv('信访形式,收件时间,问题属地,问题类别,信访类型,内容摘要\n'), { field: 'file', status: 422, says: '没有数据行' });
	push('oversized', 'preview: a 13 MB upload', preview, upload([['big.csv', new Uint8Array(13 * 1024 * 1024), 'text/csv']]), { status: 413 });
	push('csrf', 'preview: no Origin header', preview, csv('x'), { noOrigin: true, status: 403, kit: true });
	push('account', 'preview: no session', preview, csv('x'), { who: 'nobody', status: 401 });
	push('account', 'preview: a leader', preview, csv('x'), { who: 'leader', status: 403, mayLog: ['access.denied'] });

	const commit = '/intake/import?/commit';
	for (const [what, value] of [...hostile(), ...BAD_IDS.map((a) => [JSON.stringify(a), a] as const)])
		push('id', `commit: job ${what}`, commit, { job: value }, value === '2147483648' ? { field: 'job', status: 409 } : { field: 'job', status: 400 });
	push('id', 'commit: no such job', commit, { job: '999999' }, { field: 'job', status: 409, says: '没有找到' });
	push('wrong type', 'commit: a field it does not take', commit, { job: '1', rows: 'all' }, { field: 'rows', status: 400 });
	push('wrong type', 'commit: JSON body', commit, { raw: '{"job":1}', type: 'application/json' }, { status: 415 });
	push('account', 'commit: no session', commit, { job: '1' }, { who: 'nobody', status: 401 });
	push('account', 'commit: a display account', commit, { job: '1' }, { who: 'display', status: 403, mayLog: ['access.denied'] });
	return cases;
}

let sourceSerial = 0;
function apiCases(): Case[] {
	const cases: Case[] = [];
	const path = '/api/v1/items';
	const bearer = (c: Ctx) => ({ authorization: `Bearer ${c.ids.apiToken}` });
	const base = (): Record<string, unknown> => ({
		sourceId: `CORPUS-${++sourceSerial}`, channel: 'online', receivedAt: '2026-11-18T10:00:00+08:00', region: '370102',
		category: 'labour', type: 'appeal', summary: '网上反映拖欠工资问题'
	});
	const json = (body: unknown) => () => ({ raw: JSON.stringify(body), type: 'application/json' });
	const push = (category: string, name: string, body: Case['body'], rest: Partial<Case> = {}) =>
		cases.push({ category, name: `API: ${name}`, who: 'nobody', path, body, headers: bearer, json: true, expect: 'refuse', ...rest });
	const withField = (key: string, value: unknown) => {
		const body = base();
		if (key.startsWith('petitioner.')) body.petitioner = { name: '孙七', [key.slice(11)]: value };
		else body[key] = value;
		return json(body);
	};

	for (const key of ['channel', 'receivedAt', 'category', 'type'])
		for (const [what, value] of hostile()) push('value', `${key} ${what}`, withField(key, value), { field: key, status: 422 });
	for (const [what, value] of [...hostile(), ...BAD_ADCODES.map((a) => [JSON.stringify(a), a] as const), ['a name', '历下区'] as const, ['no such region', '990000'] as const])
		push('adcode', `region ${what}`, withField('region', value), { field: 'region', status: 422 });
	push('scope', 'region 370202 (青岛) for a 济南 client', withField('region', '370202'), { field: 'region', status: 403 });
	// 接待机关 (越级 is judged by it): a 6-digit code of a known region, or 100000
	for (const [what, value] of [...hostile(), ...BAD_ADCODES.map((a) => [JSON.stringify(a), a] as const), ['a name', '山东省'] as const, ['no such region', '990000'] as const])
		push('adcode', `receivedBy ${what}`, withField('receivedBy', value), { field: 'receivedBy', status: 422 });
	push('wrong type', 'receivedBy as a number', withField('receivedBy', 370000), { field: 'receivedBy', status: 400 });
	for (const [what, value] of hostile()) {
		if (TEXT_OK.has(value)) push('text stored as text', `summary ${what}`, withField('summary', value), { expect: 'accept' });
		else push('text', `summary ${what}`, withField('summary', value), { field: 'summary', status: 422 });
	}
	for (const [what, value] of hostile((v) => v === '')) {
		// no space, no control character, at most 64: a well-formed id, however it looks
		if (value === '<script>alert(1)</script>') push('text stored as text', `sourceId ${what}`, withField('sourceId', value), { expect: 'accept' });
		else push('value', `sourceId ${what}`, withField('sourceId', value), { field: 'sourceId', status: 422 });
	}
	for (const [what, value] of each<unknown>({ zero: 0, negative: -1, fraction: 1.5, '10001': 10001, huge: 1e300 })) push('number', `headcount ${what}`, withField('headcount', value), { field: 'headcount', status: 422 });
	for (const [what, value] of each<unknown>({ zero: 0, negative: -1, fraction: 1.5, 'no such unit': 99999, 'beyond int4': 2 ** 40 })) push('id', `unitId ${what}`, withField('unitId', value), { field: 'unitId', status: 422 });
	push('id', 'unitId of a 青岛 unit', (c) => ({ raw: JSON.stringify({ ...base(), unitId: Number(c.ids.unitQingdao) }), type: 'application/json' }), { field: 'unitId', status: 422 });
	for (const [what, value] of hostile(blank)) push('id', `unitName ${what}`, withField('unitName', value), { field: 'unitName', status: 422 });
	for (const [what, value] of [...hostile(blank), ['ten digits', '1380000000'] as const]) push('phone', `petitioner.phone ${what}`, withField('petitioner.phone', value), { field: 'petitioner.phone', status: 422 });
	for (const [what, value] of [...hostile(blank), ['wrong check digit', WRONG_CHECK_DIGIT] as const]) push('identity', `petitioner.idNumber ${what}`, withField('petitioner.idNumber', value), { field: 'petitioner.idNumber', status: 422 });
	// red team #15: a lone surrogate gave a 500 (3 of 4,194); prototype names on every looked-up field
	for (const key of ['sourceId', 'channel', 'receivedAt', 'region', 'category', 'type', 'summary', 'unitName', 'routedAt', 'petitioner.name', 'petitioner.phone', 'petitioner.idNumber'])
		for (const [what, value] of LONE_SURROGATES) push('lone surrogate', `${key} ${what}`, withField(key, value), { field: key, status: 422 });
	for (const key of ['channel', 'category', 'type', 'region', 'receivedAt', 'unitName'])
		for (const name of PROTOTYPE_NAMES) push('prototype name', `${key} ${name}`, withField(key, name), { field: key, status: 422 });
	for (const [what, value] of each<unknown>({ number: 1, array: ['online'], object: { code: 'online' }, boolean: true }))
		push('wrong type', `channel as ${what}`, withField('channel', value), { field: 'channel', status: 400 });
	push('wrong type', 'headcount as text', withField('headcount', '2'), { field: 'headcount', status: 400 });
	push('wrong type', 'petitioner as text', withField('petitioner', '孙七'), { field: 'petitioner', status: 400 });
	push('wrong type', 'petitioner.name nested', withField('petitioner.name', { first: '七' }), { field: 'petitioner.name', status: 400 });
	push('wrong type', 'an unknown field', json({ ...base(), source: 'national' }), { field: 'source', status: 400 });
	push('wrong type', 'a prototype key', () => ({ raw: `{"sourceId":"P-1","__proto__":{"admin":true}}`, type: 'application/json' }), { field: '__proto__', status: 400 });
	push('wrong type', 'both unitId and unitName', json({ ...base(), unitId: 1, unitName: 'x' }), { field: 'unitId', status: 400 });
	for (const key of ['sourceId', 'channel', 'receivedAt', 'region', 'category', 'type', 'summary']) {
		const body = base();
		delete body[key];
		push('missing field', `without ${key}`, json(body), { field: key, status: 400 });
	}
	push('missing field', 'petitioner without a name', json({ ...base(), petitioner: { phone: '13800000000' } }), { field: 'petitioner.name', status: 400 });
	push('wrong type', 'an array body', json([base()]), { field: '', status: 400 });
	push('wrong type', 'not JSON', () => ({ raw: '{"sourceId": ', type: 'application/json' }), { status: 400, says: 'JSON' });
	push('wrong type', 'a form body', () => ({ raw: 'sourceId=1', type: 'application/xml' }), { status: 415 });
	push('oversized', '2 MB body', json({ ...base(), summary: 'x'.repeat(2_000_000) }), { status: 413 });
	push('account', 'no token', json(base()), { headers: () => ({}), status: 401, says: '接口令牌' });
	push('account', 'a malformed token', json(base()), { headers: () => ({ authorization: 'Bearer x' }), status: 401 });
	push('account', 'an unknown token', json(base()), { headers: () => ({ authorization: `Bearer lwk_${'a'.repeat(32)}` }), status: 401 });
	push('account', 'a session cookie instead of a token', json(base()), { who: 'admin', headers: () => ({}), status: 401 });
	push('duplicate', 'first post of CORPUS-DUP', json({ ...base(), sourceId: 'CORPUS-DUP' }), { expect: 'accept' });
	push('duplicate', 'CORPUS-DUP again with other content', json({ ...base(), sourceId: 'CORPUS-DUP', summary: '另一件事' }), { field: 'sourceId', status: 409 });
	return cases;
}

function apiClientCases(): Case[] {
	const cases: Case[] = [];
	let n = 0;
	const base = () => ({ name: `语料客户端${++n}`, source: 'national', scope: '370000' });
	const push = (category: string, name: string, path: string, body: Case['body'], rest: Partial<Case> = {}) =>
		cases.push({ category, name: `api-clients: ${name}`, who: 'admin', path, body, expect: 'refuse', ...rest });
	const create = '/admin/api-clients?/create';
	for (const [what, value] of hostile()) {
		if (TEXT_OK.has(value)) push('text stored as text', `create: name ${what}`, create, () => ({ ...base(), name: value }), { expect: 'accept' });
		else push('text', `create: name ${what}`, create, () => ({ ...base(), name: value }), { field: 'name' });
	}
	for (const [what, value] of [...hostile(), ...each({ form: 'form', import: 'import', simulator: 'simulator', 'upper case': 'NATIONAL' })])
		push('vocabulary', `create: source ${what}`, create, () => ({ ...base(), source: value }), { field: 'source' });
	for (const [what, value] of [...hostile(), ...BAD_ADCODES.map((a) => [JSON.stringify(a), a] as const)]) push('adcode', `create: scope ${what}`, create, () => ({ ...base(), scope: value }), { field: 'scope' });
	push('adcode', 'create: scope 410000 (outside the province)', create, () => ({ ...base(), scope: '410000' }), { field: 'scope', status: 403 });
	push('adcode', 'create: city admin, scope 370200', create, () => ({ ...base(), scope: '370200' }), { who: 'city', field: 'scope', status: 403 });
	push('duplicate', 'create: an existing name', create, () => ({ ...base(), name: 'corpus.province' }), { field: 'name', status: 409 });
	push('account', 'create: a supervisor', create, base, { who: 'supervisor', status: 403, mayLog: ['access.denied'] });
	const disable = '/admin/api-clients?/disable';
	for (const [what, value] of [...hostile(), ...BAD_IDS.map((a) => [JSON.stringify(a), a] as const)])
		push('id', `disable: clientId ${what}`, disable, { clientId: value }, { field: 'clientId', status: 400 });
	push('id', 'disable: no such client', disable, { clientId: '999999' }, { field: 'clientId', status: 404 });
	push('scope', 'disable: city admin, a province client', disable, (c) => ({ clientId: c.ids.clientProvince }), { who: 'city', field: 'clientId', status: 404 });
	push('account', 'disable: no session', disable, { clientId: '1' }, { who: 'nobody', status: 401 });
	return cases;
}

export function intakeCases(): Case[] {
	sourceSerial = 0;
	return [...formCases(), ...importCases(), ...apiCases(), ...apiClientCases()];
}
