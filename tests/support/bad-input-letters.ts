import { BAD_IDS, HOSTILE, TEXT_OK, each, type Case, type Ctx } from './bad-input-cases.ts';

/** 三函: the issuing form, the register's query string and letter ids in URLs. */
export function letterCases(): Case[] {
	const cases: Case[] = [];
	const due = new Date(Date.now() + 8 * 3600_000 + 20 * 86400_000).toISOString().slice(0, 10);
	const base = (c: Ctx) => ({ kind: 'supervise', items: c.ids.item, reason: '经督查，该事项逾期未办结，请依法按期办理。', feedbackDue: due, cc: '', key: '00000000-0000-4000-8000-000000000001' });
	const issue = (category: string, name: string, body: Case['body'], rest: Partial<Case> = {}) =>
		cases.push({ category, name: `issue letter: ${name}`, who: 'supervisor', path: '/letters/new?/issue', body, expect: 'refuse', ...rest });
	for (const [name, value] of [...each(HOSTILE), ...each({ unknown: 'memo', 'Chinese name': '督办函', 'upper case': 'SUPERVISE' })])
		issue('letter', `kind ${name}`, (c) => ({ ...base(c), kind: value }), { field: 'kind', status: 400 });
	for (const id of [...BAD_IDS.filter((i) => i !== '2147483648'), '', '1,,2', '1;2', ',1'])
		issue('letter', `items ${JSON.stringify(id)}`, (c) => ({ ...base(c), items: id }), { field: 'items', status: 400 });
	issue('letter', 'items: 201 of them', (c) => ({ ...base(c), items: Array.from({ length: 201 }, (_, i) => String(i + 1)).join(',') }), { field: 'items', status: 400 });
	issue('scope', 'items: no such item', (c) => ({ ...base(c), items: '2147483648' }), { field: 'items', status: 404 });
	issue('scope', 'items: a 青岛 item for a 济南 supervisor', (c) => ({ ...base(c), items: c.ids.itemQingdao }), { field: 'items', status: 404 });
	for (const [name, value] of [...each(HOSTILE).filter(([, v]) => !TEXT_OK.has(v)), ...each({ 'nine characters': '请依法按期办理此件', '2001 characters': '督'.repeat(2001) })])
		issue('letter', `reason ${name}`, (c) => ({ ...base(c), reason: value }), { field: 'reason', status: 400 });
	for (const value of ['2020-01-01', 'abc', '2027-02-30', '2027-13-01', '20270101', '2099-01-01', "' or 1=1 --", ''])
		issue('letter', `feedbackDue ${JSON.stringify(value)}`, (c) => ({ ...base(c), feedbackDue: value }), { field: 'feedbackDue', status: 400 });
	for (const value of ['', 'abc', "' or 1=1 --", 'x'.repeat(36)])
		issue('letter', `key ${JSON.stringify(value)}`, (c) => ({ ...base(c), key: value }), { field: 'key', status: 400 });
	for (const [name, char] of [['CGJ U+034F', '\u034F'], ['soft hyphen U+00AD', '\u00AD'], ['variation selector U+FE0F', '\uFE0F'], ['zero-width joiner U+200D', '\u200D']])
		issue('letter', `reason with ${name}`, (c) => ({ ...base(c), reason: `经督查，来访人张${char}三反映的问题逾期未办结。` }), { field: 'reason', status: 400 });
	issue('letter', 'cc with a soft hyphen', (c) => ({ ...base(c), cc: '济南市\u00AD信访局' }), { field: 'cc', status: 400 });
	issue('letter', 'cc with a NUL byte', (c) => ({ ...base(c), cc: 'ab\x00cd' }), { field: 'cc', status: 400 });
	issue('shape', 'a field it does not take', (c) => ({ ...base(c), recipientUnitId: '1' }), { field: 'recipientUnitId', status: 400 });
	issue('duplicate', 'kind twice', (c) => [...Object.entries(base(c)).filter(([k]) => k !== 'kind'), ['kind', 'risk'], ['kind', 'supervise']], { status: 400 });
	issue('oversized', '2 MB body', (c) => ({ ...base(c), reason: 'x'.repeat(2_000_000) }), { status: 413 });
	issue('account', 'a leader (no letters.issue)', base, { who: 'leader', status: 403, mayLog: ['access.denied'] });
	issue('account', 'a unit account', base, { who: 'unit', status: 403, mayLog: ['access.denied'] });
	issue('account', 'no session', base, { who: 'nobody', status: 401 });
	issue('csrf', 'another site’s Origin', base, { origin: 'http://evil.example', status: 403, kit: true });

	const get = (name: string, path: string, says: string, rest: Partial<Case> = {}) => cases.push({ category: 'query', name: `letters: ${name}`, who: 'leader', path, expect: 'refuse', status: 400, says, ...rest });
	for (const kind of ['memo', "' or 1=1 --", '<script>alert(1)</script>']) get(`kind ${JSON.stringify(kind)}`, `/letters?kind=${encodeURIComponent(kind)}`, '函件种类');
	get('status unknown', '/letters?status=lost', '函件状态');
	get('unit abc', '/letters?unit=abc', '主送单位');
	get('from not a date', '/letters?from=yesterday', '起始日期');
	get('to before from', '/letters?from=2026-12-01&to=2026-11-01', '截止日期');
	get('page 0', '/letters?page=0', '页码');
	get('kind twice', '/letters?kind=risk&kind=supervise', '重复');
	get('unknown parameter', '/letters?order=id', '不认识的参数');
	get('export: kind unknown', '/letters/export?kind=memo', '函件种类');
	get('new: items not ids', '/letters/new?items=1;2', '事项参数', { who: 'supervisor' });
	for (const id of [...BAD_IDS, '<script>alert(1)</script>'])
		cases.push({ category: 'id', name: `letter page: id ${JSON.stringify(id)}`, who: 'leader', path: `/letters/${encodeURIComponent(id)}`, expect: 'refuse', status: 400 }); // letter ids are int4: 2147483648 is out of range
	cases.push({ category: 'id', name: 'letter page: no such letter', who: 'leader', path: '/letters/2147483647', expect: 'refuse', status: 404 });
	return cases;
}
