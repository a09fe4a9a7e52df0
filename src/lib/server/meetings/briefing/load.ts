import type { Principal } from '../../../domain/access.ts';
import { pct } from '../../../domain/agenda.ts';
import { diffCounts, diffSnapshots } from '../../../domain/meetings.ts';
import type { Db } from '../../db/connection.ts';
import { agendaOf, decisionsOf, snapshotsOf, type MeetingRow } from '../read.ts';
import { briefingCharts } from './charts.ts';
import { wallFigures, type BriefingDocument } from './content.ts';
import { formatMinute } from '../../../time.ts';

const at = formatMinute;
const signed = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)} 个百分点`);

/** What a meeting's briefing or 纪要 says, read from its frozen snapshots and its agenda (never the live tables). */
export async function loadBriefingDocument(sql: Db, user: Principal, m: MeetingRow, kind: 'briefing' | 'minutes'): Promise<BriefingDocument> {
	const { current, baseline } = await snapshotsOf(sql, user, m);
	const diff = diffSnapshots(baseline?.facts ?? null, current.facts);
	const c = diffCounts(diff);
	const decisions = await decisionsOf(sql, m.id);
	const agenda = await agendaOf(sql, m.id);
	return {
		kind,
		title: m.title,
		office: `${m.regionName}信访工作联席会议办公室`,
		regionName: m.regionName,
		heldAt: at(m.heldAt),
		place: m.place,
		attendees: m.attendees,
		snapshot: { name: current.name, takenAt: at(current.takenAt), seq: current.seq },
		baseline: baseline ? { takenAt: at(baseline.takenAt) } : null,
		figures: wallFigures(current.wall),
		changes: [
			['新增信访事项（件）', String(c.newItems)],
			['办结（件）', String(c.resolved)],
			['新增逾期（件）', String(c.newlyOverdue)],
			['新增群体访、越级风险（件）', String(c.newRisks)],
			['包案有进展 / 无进展（件）', `${c.casesMoved} / ${c.casesStalled}`],
			['新发三函 / 已反馈（件）', `${c.lettersIssued} / ${c.lettersAnswered}`],
			['按期办结率下降单位（个）', String(c.ratesFalling)]
		],
		rateChanges: diff.rateChanges.filter((r) => r.change !== null).slice(0, 10).map((r) => [r.name, pct(r.before), pct(r.after), signed(r.change)]),
		charts: kind === 'briefing' ? briefingCharts(current.wall) : [],
		agenda: agenda.map((a) => ({
			title: a.title,
			detail: a.detail,
			note: a.note,
			decisions: decisions.filter((d) => d.agendaItemId === a.id).map((d) => ({ text: d.text, unit: d.unitName, person: d.person, due: d.due }))
		}))
	};
}
