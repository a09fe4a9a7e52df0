import { describe, expect, it } from 'vitest';
import { reviewAgendaItem } from './agenda.ts';

const now = new Date('2026-12-20T02:00:00Z'); // 2026-12-20 10:00 in Shanghai
const previous = { id: 7, title: '2026年11月全省信访工作联席会议' };

describe('reviewAgendaItem: 上次会议议定事项落实情况', () => {
	it('lists each decision with its owner, deadline and state, and counts done and overdue in the title', () => {
		const item = reviewAgendaItem(
			previous,
			[
				{ text: '两周内化解到位', unitName: '历下区信访局', person: '李明', due: '2026-12-17', done: false },
				{ text: '书面报告整改情况', unitName: '济南市住建局', person: '王芳', due: '2026-12-10', done: true },
				{ text: '约谈信访人', unitName: '市中区人社局', person: '赵强', due: '2026-12-22', done: false }
			],
			now,
			5
		);
		expect(item.kind).toBe('review');
		expect(item.ref).toEqual({ meetingId: 7 });
		expect(item.title).toBe('上次会议议定事项落实情况：3 项，已办结 1 项，逾期 1 项');
		expect(item.detail).toContain('回顾「2026年11月全省信访工作联席会议」');
		expect(item.detail).toContain('1. 两周内化解到位（历下区信访局 · 李明 · 期限 2026-12-17 · 逾期 3 天）');
		expect(item.detail).toContain('2. 书面报告整改情况（济南市住建局 · 王芳 · 期限 2026-12-10 · 已办结）');
		expect(item.detail).toContain('3. 约谈信访人（市中区人社局 · 赵强 · 期限 2026-12-22 · 临期（剩 2 天））');
	});
	it('still opens the agenda when the previous meeting decided nothing', () => {
		const item = reviewAgendaItem(previous, [], now, 5);
		expect(item.title).toBe('上次会议议定事项落实情况：上次会议未议定事项');
		expect(item.detail).toBe('回顾「2026年11月全省信访工作联席会议」');
	});
	it('keeps within the agenda’s limits (title 120, detail 2000 characters) however many decisions there were', () => {
		const many = Array.from({ length: 200 }, (_, i) => ({ text: `决定事项第 ${i + 1} 项，请责任单位按期书面报告`, unitName: '某某县某某局', person: '张三', due: '2026-12-30', done: false }));
		const item = reviewAgendaItem({ id: 1, title: 'x'.repeat(100) }, many, now, 5);
		expect(item.title.length).toBeLessThanOrEqual(120);
		expect(item.detail.length).toBeLessThanOrEqual(2000);
		expect(item.detail.endsWith('；…')).toBe(true);
	});
});
