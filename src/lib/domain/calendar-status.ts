/**
 * Which years have their State Council notice (部分节假日安排) entered, for admins: the current
 * year and the next. The notice is usually published in November for the next year, so from
 * 1 November the next year's absence is a warning; before that it is only noted.
 */
import { validateCalendar, type HolidayCalendar, type HolidayYear } from './calendar.ts';

export type NoticeStatus = { year: number; entered: boolean; level: 'ok' | 'info' | 'warning'; message: string };

/** The status of this year's and next year's notice, as of the local date `today`. */
export function noticeStatus(calendar: HolidayCalendar, today: string): NoticeStatus[] {
	const entered = new Set(calendar.map((y) => y.year));
	const year = Number(today.slice(0, 4));
	return [year, year + 1].map((y) => {
		if (entered.has(y)) return { year: y, entered: true, level: 'ok', message: `${y} 年调休安排已录入` };
		const urgent = y === year || today >= `${year}-11-01`;
		return {
			year: y,
			entered: false,
			level: urgent ? 'warning' : 'info',
			message: `${y} 年未录入当年调休安排：时限暂按《全国年节及纪念日放假办法》的法定节假日计算，国务院办公厅通知发布后请及时录入`
		};
	});
}

export type RefusedYear = { year: number | null; field: string; message: string };

/**
 * Stored years checked one by one: a year that no longer validates is left out on its own (its
 * dates fall back to the statutory days) and reported, and never takes the other years with it.
 */
export function checkStoredYears(rows: unknown[]): { calendar: HolidayCalendar; refused: RefusedYear[] } {
	const calendar: HolidayYear[] = [];
	const refused: RefusedYear[] = [];
	const seen = new Set<number>();
	for (const row of rows) {
		const year = typeof row === 'object' && row !== null && typeof (row as { year?: unknown }).year === 'number' ? (row as { year: number }).year : null;
		const checked = validateCalendar([row]);
		if (!checked.ok) refused.push({ year, field: checked.field.replace(/^0\.?/, ''), message: checked.message });
		else if (year !== null && seen.has(year)) refused.push({ year, field: 'year', message: `${year} 年的安排重复` });
		else {
			calendar.push(checked.data[0]);
			seen.add(checked.data[0].year);
		}
	}
	return { calendar: calendar.sort((a, b) => a.year - b.year), refused };
}

/** How a refused stored year reads on the admin pages. */
export const refusedText = (r: RefusedYear) =>
	`${r.year ?? '某'} 年的调休安排数据有误（${r.message}），已停用，该年按法定节假日计算；请在时限规则页重新录入`;
