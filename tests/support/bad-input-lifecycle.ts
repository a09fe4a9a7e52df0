import { BAD_IDS, HOSTILE, each, type Case, type Ctx } from './bad-input-cases.ts';

/**
 * The lifecycle's form actions on the item page and /my: refusals that do not depend on the
 * item's state (the form's shape, ids, units, earlier serials, who asks).
 */
export function lifecycleCases(): Case[] {
	const cases: Case[] = [];
	const act = (category: string, name: string, action: string, body: Case['body'], rest: Partial<Case> = {}) =>
		cases.push({ category, name: `lifecycle ${action}: ${name}`, who: 'supervisor', path: (c: Ctx) => `/items/${c.ids.item}?/${action}`, body, expect: 'refuse', ...rest });
	for (const [name, value] of [...each(HOSTILE), ...each({ negative: '-1', decimal: '1.5', 'int4 overflow': '2147483648', 'no such unit': '999999999' })])
		act('lifecycle', `unitId ${name}`, 'route', { unitId: value }, { field: 'unitId', status: 400 });
	act('scope', 'a 青岛 unit for a 济南 supervisor', 'route', (c) => ({ unitId: c.ids.unitQingdao }), { field: 'unitId', status: 400, says: '属地管理' });
	for (const [name, value] of [...each(HOSTILE), ...each({ 'not a serial': '370102-2026-1', 'no such item': '370102-20260101-999999' })])
		act('lifecycle', `priorSerial ${name}`, 'refuseAgain', { priorSerial: value, reason: '同一事项', noticeOn: '2026-01-01' }, { field: 'priorSerial', status: 400 });
	act('shape', 'a field it does not take', 'accept', { status: 'closed' }, { field: 'status', status: 400 });
	act('shape', 'a field 改派 does not take', 'reassign', { unitId: '1', reason: '职责', approvedBy: '局长' }, { field: 'approvedBy', status: 400 });
	// 延期 and 中止计时 are these actions only: the old direct-write forms' fields are refused
	act('shape', 'the old 批准延期 form’s 批准人', 'extendRequest', { days: '10', approvedBy: '王局长', reason: '情况复杂' }, { field: 'approvedBy', status: 400 });
	act('shape', 'a field 中止计时 does not take', 'pauseStart', { reason: '举行听证', days: '3' }, { field: 'days', status: 400 });
	act('shape', 'a field 恢复计时 does not take', 'pauseEnd', { reason: '听证结束' }, { field: 'reason', status: 400 });
	act('duplicate', 'unitId twice', 'route', [['unitId', '1'], ['unitId', '2']], { status: 400 });
	act('oversized', '2 MB opinion', 'conclude', { outcome: 'support', text: 'x'.repeat(2_000_000) }, { status: 413 });
	for (const id of [...BAD_IDS, '99999999999999999999'])
		cases.push({ category: 'id', name: `lifecycle accept: item id ${JSON.stringify(id)}`, who: 'supervisor', path: `/items/${encodeURIComponent(id)}?/accept`, body: [], expect: 'refuse', status: id === '2147483648' ? 404 : 400 });
	act('scope', 'a 青岛 item for a 济南 supervisor', 'sendBack', { reason: '退回' }, { path: (c: Ctx) => `/items/${c.ids.itemQingdao}?/sendBack`, status: 404 });
	act('scope', 'another unit’s item', 'accept', [], { who: 'unit', path: (c: Ctx) => `/items/${c.ids.itemOtherUnit}?/accept`, status: 403, says: '本单位事项' });
	act('account', 'a leader (no lifecycle actions)', 'accept', [], { who: 'leader', status: 403 });
	act('account', 'an admin (reads no petitions: refused at the route)', 'accept', [], { who: 'admin', status: 403, mayLog: ['access.denied'] });
	act('account', 'a display account', 'accept', [], { who: 'display', status: 403, mayLog: ['access.denied'] });
	act('account', 'no session', 'accept', [], { who: 'nobody', status: 401 });
	act('csrf', 'another site’s Origin', 'accept', [], { origin: 'http://evil.example', status: 403, kit: true });

	const batch = (category: string, name: string, body: Case['body'], rest: Partial<Case> = {}) =>
		cases.push({ category, name: `batch route: ${name}`, who: 'supervisor', path: '/my?/routeBatch', body, expect: 'refuse', ...rest });
	batch('lifecycle', 'no items ticked', (c) => ({ unitId: c.ids.unitLixia }), { field: 'items', status: 400 });
	batch('lifecycle', 'no unit', (c) => ({ [`item_${c.ids.item}`]: 'on' }), { field: 'unitId', status: 400 });
	for (const [name, value] of each(HOSTILE)) batch('lifecycle', `unitId ${name}`, (c) => ({ [`item_${c.ids.item}`]: 'on', unitId: value }), { field: 'unitId', status: 400 });
	batch('shape', 'a field it does not take', (c) => ({ [`item_${c.ids.item}`]: 'on', unitId: c.ids.unitLixia, items: 'all' }), { field: 'items', status: 400 });
	batch('shape', 'an item key that is no id', (c) => ({ 'item_1 or 1=1': 'on', unitId: c.ids.unitLixia }), { status: 400 });
	batch('lifecycle', '201 items', (c) => ({ ...Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`item_${i + 1}`, 'on'])), unitId: c.ids.unitLixia }), { field: 'items', status: 400 });
	batch('account', 'a unit account', (c) => ({ [`item_${c.ids.item}`]: 'on', unitId: c.ids.unitLixia }), { who: 'unit', status: 403 });

	const link = (name: string, path: string, body: Case['body'], rest: Partial<Case> = {}) =>
		cases.push({ category: 'lifecycle', name: `evaluation link: ${name}`, who: 'nobody', path, body, expect: 'refuse', ...rest });
	link('a made-up token', `/e/${'a'.repeat(32)}?/evaluate`, { satisfaction: 'satisfied' }, { status: 410 });
	link('SQL in the token', `/e/${encodeURIComponent("' or 1=1 --")}?/evaluate`, { satisfaction: 'satisfied' }, { status: 410 });
	for (const [name, value] of each(HOSTILE)) link(`satisfaction ${name}`, `/e/${'a'.repeat(32)}?/evaluate`, { satisfaction: value }, { field: 'satisfaction', status: 400 });
	link('a field it does not take', `/e/${'a'.repeat(32)}?/evaluate`, { satisfaction: 'satisfied', itemId: '1' }, { field: 'itemId', status: 400 });
	return cases;
}
