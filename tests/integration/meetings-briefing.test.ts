import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/access.ts';
import { renderBriefing } from '../../src/lib/server/meetings/briefing/jobs.ts';
import { createMeeting } from '../../src/lib/server/meetings/create.ts';
import { agendaOf, meetingOf, snapshotsOf } from '../../src/lib/server/meetings/read.ts';
import { recordDecision } from '../../src/lib/server/meetings/write.ts';
import { createPagePool, type PagePool } from '../../src/lib/server/print/pages.ts';
import { printFonts, type PrintService } from '../../src/lib/server/print/service.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { seedRegions } from '../support/fixtures.ts';
import { acceptedItem, lateCase, relayAll, setLight, supervisorAt, unitIn } from '../support/meetings.ts';
import { pdfText } from '../support/pdf.ts';
import { unzip } from '../support/zip.ts';

const T0 = new Date('2026-12-02T02:00:00Z');
const HOUR = 3600_000;
const ROOT = new URL('../../', import.meta.url).pathname;
/** Page 1 of the briefing as an image: into test-results/ (ignored by git), or into docs/ for the README when DOCS_SHOTS=1. */
const PAGE_IMAGE = process.env.DOCS_SHOTS === '1' ? path.join(ROOT, 'docs/briefing-page') : path.join(ROOT, 'test-results/briefing-page');

describe('the briefing document', () => {
	let db: TestDatabase;
	let user: Principal;
	let renderer: PagePool;
	let print: PrintService;
	let meetingId: number;
	let unit: number;
	const out = mkdtempSync(path.join(tmpdir(), 'liaowang-briefing-'));

	beforeAll(async () => {
		db = await createTestDatabase();
		await seedRegions(db.sql);
		user = await supervisorAt(db.sql);
		unit = await unitIn(db.sql, '370102', '历下区人社局');
		const other = await unitIn(db.sql, '370202', '市南区住建局');
		for (let i = 0; i < 23; i++) {
			const id = await acceptedItem(db.sql, { region: i % 3 ? '370102' : '370202', unitId: i % 3 ? unit : other, at: new Date(T0.getTime() - (i % 4) * HOUR - (i % 5) * 24 * HOUR), due: '2026-12-20', headcount: i === 5 ? 12 : 1, skipLevel: i === 9 });
			if (i < 5) await setLight(db.sql, id, 'red');
		}
		await lateCase(db.sql, { region: '370102', unitId: unit, title: '某小区业主集体反映房产证办理问题', deadline: '2026-11-20', assignedAt: new Date('2026-09-01T02:00:00Z') });
		await relayAll(db.sql);
		const made = await createMeeting(db.sql, user, { title: '2026年12月全省信访工作联席会议', region: '370000', heldAt: new Date('2026-12-03T01:00:00Z'), place: '省委第一会议室', attendees: '省信访局、省人社厅、济南市、青岛市' }, T0);
		if ('refused' in made) throw new Error('refused');
		meetingId = made.id;
		const agenda = await agendaOf(db.sql, meetingId);
		await recordDecision(db.sql, meetingId, user.userId, { agendaItemId: agenda[0].id, text: '逾期事项一周内全部办结，逐件报送办理结果', unitId: unit, person: '李明', due: '2026-12-10' }, T0);
		renderer = createPagePool({ fontsDir: path.join(ROOT, 'data/fonts') });
		print = { pages: renderer, fonts: () => printFonts(path.join(ROOT, 'data/fonts')) };
	}, 240_000);
	afterAll(async () => {
		await renderer?.close();
		await db?.drop();
	});

	it('proposes the agenda from the rules', async () => {
		const agenda = await agendaOf(db.sql, meetingId);
		expect(agenda.map((a) => a.kind)).toEqual(['overdue', 'stalled_case', 'group', 'skip_level']);
		expect(agenda[0].title).toBe('逾期未办结事项 5 件（其中本期新增 5 件）');
		expect(agenda[1].title).toBe('包案「某小区业主集体反映房产证办理问题」超期 12 天');
	});

	it('renders the PDF with the snapshot figures, the agenda and the decisions, and a .docx with the charts', async () => {
		const m = (await meetingOf(db.sql, user, meetingId))!;
		const [{ id: jobId }] = await db.sql<{ id: number }[]>`insert into briefing_job (meeting_id, kind, requested_by) values (${meetingId}, 'briefing', ${user.userId}) returning id`;
		const started = performance.now();
		await renderBriefing(db.sql, print, user, m, 'briefing', jobId);
		const ms = performance.now() - started;
		const [job] = await db.sql<{ status: string; progress: number; pdf: Buffer; docx: Buffer; renderMs: number }[]>`select status, progress, pdf, docx, render_ms as "renderMs" from briefing_job where id = ${jobId}`;
		expect(job).toMatchObject({ status: 'done', progress: 100 });
		const file = path.join(out, 'briefing.pdf');
		writeFileSync(file, job.pdf);
		const text = pdfText(file).replace(/[ \t]+/g, '');
		const { current } = await snapshotsOf(db.sql, user, m);
		const w = current.wall;
		// the snapshot's own figures, each on its labelled line
		expect(text).toContain(`本月信访量（件）${w.periods.month.items}\n`);
		expect(text).toContain(`今日信访量（件）${w.periods.today.items}\n`);
		expect(text).toContain(`在办逾期（件）${w.lights.red}\n`);
		expect(text).toContain(`本月群体访（批次/人次）${w.periods.month.groupBatches}/${w.periods.month.groupPersons}\n`);
		expect(text).toContain(`领导包案（总数/化解中/逾期）1/1/1\n`);
		expect([w.lights.red, w.periods.today.items, w.periods.month.items, w.periods.month.groupBatches]).toEqual([5, 5, 10, 1]);
		expect(text).toContain(`序号${current.seq}`);
		expect(text).toContain('2026年12月全省信访工作联席会议简报');
		expect(text).toContain('逾期事项一周内全部办结');
		expect(text).toContain('近30日信访量走势');
		// page 1 as an image (the README's, when DOCS_SHOTS=1)
		mkdirSync(path.dirname(PAGE_IMAGE), { recursive: true });
		execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, PAGE_IMAGE]);
		// the .docx: the same words, and the charts as pictures
		const entries = unzip(job.docx);
		const pictures = [...entries.keys()].filter((name) => /^word\/media\/.+\.png$/.test(name));
		expect(pictures).toHaveLength(2);
		for (const name of pictures) expect([...entries.get(name)!.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
		const xml = entries.get('word/document.xml')!.toString('utf8');
		expect(xml).toContain('逾期事项一周内全部办结');
		expect(xml).toContain(`序号 ${current.seq}`);
		console.log(`briefing rendered in ${Math.round(ms)} ms (job says ${job.renderMs} ms), ${job.pdf.length} bytes PDF, ${job.docx.length} bytes docx`);
		expect(readFileSync(`${PAGE_IMAGE}.png`).length).toBeGreaterThan(10_000);
	}, 240_000);

	it('drafts the 纪要 with its official heading, attendees and decisions, typeset on the 公文 grid (meetings-minutes-format.test.ts measures it)', async () => {
		const m = (await meetingOf(db.sql, user, meetingId))!;
		const [{ id: jobId }] = await db.sql<{ id: number }[]>`insert into briefing_job (meeting_id, kind, requested_by) values (${meetingId}, 'minutes', ${user.userId}) returning id`;
		await renderBriefing(db.sql, print, user, m, 'minutes', jobId);
		const [job] = await db.sql<{ status: string; pdf: Buffer }[]>`select status, pdf from briefing_job where id = ${jobId}`;
		expect(job.status).toBe('done');
		const file = path.join(out, 'minutes.pdf');
		writeFileSync(file, job.pdf);
		const text = pdfText(file).replace(/\s+/g, '');
		expect(text).toContain('山东省信访工作联席会议办公室');
		expect(text).toContain('2026年12月全省信访工作联席会议纪要');
		expect(text).toContain('省信访局、省人社厅、济南市、青岛市');
		expect(text).toContain('责任单位：历下区人社局；责任人：李明；办理期限：2026年12月10日');
		expect(text).toContain('出席：');
		// drawn by the typesetter (its producer), not printed by Chromium
		expect(job.pdf.toString('latin1')).toContain('/Producer');
		expect(job.pdf.toString('latin1')).not.toContain('Skia');
	}, 120_000);
});
