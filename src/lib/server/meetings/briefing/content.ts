import { pct } from '../../../domain/agenda.ts';
import type { WallSnapshot } from '../../../screen/wall.ts';

/** What a briefing or 纪要 says: everything its PDF and .docx are made from. */
export type BriefingDocument = {
	kind: 'briefing' | 'minutes';
	title: string;
	office: string;
	regionName: string;
	heldAt: string;
	place: string;
	attendees: string;
	snapshot: { name: string; takenAt: string; seq: number };
	baseline: { takenAt: string } | null;
	figures: [string, string][];
	changes: [string, string][];
	rateChanges: [string, string, string, string][];
	charts: { title: string; svg: string; width: number; height: number; png?: Buffer }[];
	agenda: { title: string; detail: string; note: string; decisions: { text: string; unit: string; person: string; due: string }[] }[];
};

const n = (v: number) => v.toLocaleString('zh-CN');

/** The frozen figures a briefing leads with, as label/value rows. */
export function wallFigures(w: WallSnapshot): [string, string][] {
	const rows: [string, string][] = [
		['今日信访量（件）', n(w.periods.today.items)],
		['本月信访量（件）', n(w.periods.month.items)],
		['本月信访人次', n(w.periods.month.persons)],
		['本月群体访（批次/人次）', `${n(w.periods.month.groupBatches)} / ${n(w.periods.month.groupPersons)}`],
		['本月越级访（件）', n(w.periods.month.skipLevel)],
		['本月重复访（件）', n(w.periods.month.repeats)],
		['在办逾期（件）', n(w.lights.red)],
		['今日到期（件）', n(w.lights.due_today)],
		['临期（件）', n(w.lights.yellow)],
		['领导包案（总数/化解中/逾期）', `${n(w.cases.total)} / ${n(w.cases.resolving)} / ${n(w.cases.overdue)}`],
		['三函（待签收/反馈逾期）', `${n(w.letters.awaitingSign)} / ${n(w.letters.feedbackOverdue)}`]
	];
	if (w.rates) {
		rows.push(['及时受理率', pct(w.rates.rates.timelyAcceptance.value)], ['按期办结率', pct(w.rates.rates.onTimeConclusion.value)], ['群众满意率', pct(w.rates.rates.satisfaction.value)]);
	}
	return rows;
}

/** 2026-12-03 09:00 style → 2026年12月3日 */
export function chineseDay(localDateTime: string): string {
	const m = /^(\d{4})\D(\d{1,2})\D(\d{1,2})/.exec(localDateTime);
	return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : localDateTime;
}

/** 2026-12-03 08:30 style → 2026年12月3日8时30分 */
export function chineseMoment(localDateTime: string): string {
	const m = /\D(\d{1,2}):(\d{2})/.exec(localDateTime);
	return m ? `${chineseDay(localDateTime)}${Number(m[1])}时${m[2]}分` : chineseDay(localDateTime);
}
