import { describe, expect, it } from 'vitest';
import { announceRewrite, DEFAULT_ROWS_PER_SECOND, duration, parseProgress, progressLine, rewriteMarkers } from './migration-notes.ts';

describe('rewriteMarkers', () => {
	it('reads each rewritten table, with its rate where given', () => {
		const sql = `-- 把旧列搬进新列\n-- liaowang: rewrites petition_item\n--  liaowang: rewrites petition_event at 50000 rows/s\nupdate petition_item set x = 1;`;
		expect(rewriteMarkers(sql)).toEqual([
			{ table: 'petition_item', rowsPerSecond: DEFAULT_ROWS_PER_SECOND },
			{ table: 'petition_event', rowsPerSecond: 50000 }
		]);
	});
	it('ignores a migration without one, a marker inside a statement, and a malformed marker', () => {
		expect(rewriteMarkers('create table t (id int);')).toEqual([]);
		expect(rewriteMarkers("select 1; -- liaowang: rewrites t")).toEqual([]);
		expect(rewriteMarkers('-- liaowang: rewrites Petition-Item')).toEqual([]);
		expect(rewriteMarkers('-- liaowang: rewrites t at 0 rows/s')).toEqual([]);
	});
});

describe('parseProgress', () => {
	it('reads a batch notice, nothing else', () => {
		expect(parseProgress('liaowang-progress 4000/10000')).toEqual({ done: 4000, total: 10000 });
		expect(parseProgress(' liaowang-progress 1 / 2 ')).toEqual({ done: 1, total: 2 });
		expect(parseProgress('table "x" does not exist, skipping')).toBeNull();
		expect(parseProgress('liaowang-progress -1/2')).toBeNull();
	});
});

describe('what the operator reads', () => {
	it('says rows, size and an estimate before, then progress with the time still to go', () => {
		expect(announceRewrite('0160_x', { table: 'petition_item', rowsPerSecond: 20000 }, 2_000_000, '1.2 GB')).toBe(
			'数据库迁移 0160_x 将重写表 petition_item（2000000 行，1.2 GB），预计约 2 分钟；期间该表被锁定，请勿中断'
		);
		expect(progressLine('0160_x', 250, 1000, 10_000)).toBe('数据库迁移 0160_x：25%（250/1000），已用 10 秒，预计还需 30 秒');
		expect(progressLine('0160_x', 1000, 1000, 40_000)).toBe('数据库迁移 0160_x：100%（1000/1000），已用 40 秒');
		expect(progressLine('0160_x', 0, 1000, 500)).toBe('数据库迁移 0160_x：0%（0/1000），已用 1 秒');
		expect(progressLine('0160_x', 5, 0, 500)).toBe('数据库迁移 0160_x：100%（5/0），已用 1 秒');
	});
	it('gives durations in seconds, minutes or hours', () => {
		expect([duration(0.2), duration(59), duration(150), duration(5400)]).toEqual(['1 秒', '59 秒', '3 分钟', '1.5 小时']);
	});
});
