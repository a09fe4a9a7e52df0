import { describe, expect, it } from 'vitest';
import { checkStatusRow, mapStatusColumns, type LedgerField } from './columns.ts';

const NOW = new Date('2026-12-01T04:00:00Z');
const mapped = mapStatusColumns(['信访件编号', '办理环节*', '办理时间（年月日 时:分）', '承办单位', '理由', '告知日期', '延期天数', '处理意见', '意见正文', '评价', '原事项编号', '记录号']);
if (!mapped.ok) throw new Error(mapped.message);
const map = mapped.map;
const check = (cells: Partial<Record<LedgerField, string>>) => checkStatusRow({ line: 5, cells: { serial: '370102-20261119-000017', at: '2026-11-30 09:30', ...cells } }, map, NOW);

describe('办理台账: columns and cells', () => {
	it('finds the columns by their names or variants, and names what is missing or doubled', () => {
		expect(map.headerOf).toMatchObject({ event: '办理环节*', at: '办理时间（年月日 时:分）', eventId: '记录号' });
		expect(mapStatusColumns(['编号', '环节'])).toEqual({ ok: false, message: '缺少必填列：办理时间' });
		expect(mapStatusColumns(['编号', '信访件编号', '环节', '时间'])).toMatchObject({ ok: false, message: expect.stringContaining('表示同一内容') });
	});
	it('reads a step by its Chinese name or code, the time as Beijing time, and the inputs it needs', () => {
		expect(check({ event: '转送交办', unit: '历下区人社局' })).toEqual({
			ok: true,
			row: { line: 5, serial: '370102-20261119-000017', action: 'route', at: new Date('2026-11-30T01:30:00Z'), unitName: '历下区人社局', input: {}, eventId: null }
		});
		expect(check({ event: 'reject', reason: '不属于信访事项', noticeOn: '2026/11/29' })).toMatchObject({ ok: true, row: { action: 'reject', input: { reason: '不属于信访事项', noticeOn: '2026-11-29' } } });
		expect(check({ event: '申请延期', days: '15', reason: '会商' })).toMatchObject({ ok: true, row: { input: { days: 15, reason: '会商' } } });
		expect(check({ event: '办结', outcome: '解释说明', text: '已答复' })).toMatchObject({ ok: true, row: { input: { outcome: 'explain', text: '已答复' } } });
		expect(check({ event: '评价', satisfaction: '不满意' })).toMatchObject({ ok: true, row: { input: { satisfaction: 'unsatisfied' } } });
	});
	it('names every cell at fault, by row and column, in Chinese', () => {
		const errors = (cells: Partial<Record<LedgerField, string>>) => {
			const r = check(cells);
			return r.ok ? [] : r.errors.map((e) => `${e.row} ${e.column}：${e.message}`);
		};
		expect(errors({ event: '' })).toEqual(['5 办理环节*：请填写办理环节']);
		expect(errors({ event: '受理', at: '2026-12-02 09:00' })).toEqual(['5 办理时间（年月日 时:分）：办理时间不能晚于当前时间']);
		expect(errors({ event: '申请延期', days: '31', reason: '' })).toEqual(['5 延期天数：延期天数应为 1–30 的整数', '5 理由：申请延期须填写延期理由']);
		expect(errors({ event: '不予受理', reason: '不属于', noticeOn: '2026-11-29 10:00' })).toEqual(['5 告知日期：告知日期“2026-11-29 10:00”应为日期，如 2026-11-20']);
		expect(errors({ event: '评价', satisfaction: '很好' })).toEqual(['5 评价：评价“很好”无效，应为：满意、基本满意、不满意']);
		expect(errors({ event: '改派', reason: '职能调整' })).toEqual(['5 承办单位：改派须填写承办单位']);
	});
});
