import { formatInstant } from '$lib/time.ts';
/** A light as a mark and a word, so it reads without colour too. */
export const lightMarks: Record<string, string> = { red: '▲ 逾期', due_today: '◆ 今日到期', yellow: '● 临期', green: '○ 正常', none: '—' };

export const time = (d: Date | string | null) => (d ? formatInstant(d) : '—');
