import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/lib/domain/spec-support.ts';
import { ensureRules } from '../../src/lib/server/clocks/config.ts';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { createLetterPdfRenderer } from '../../src/lib/server/letters/render/letter-pdf.ts';
import { printFontsDir } from '../../src/lib/server/print/service.ts';
import { applyTransition, applyWithin, type ServiceActor, type TransitionResult } from '../../src/lib/server/lifecycle/index.ts';
import { petitionerDocumentFile } from '../../src/lib/server/petitioner-docs/files.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { insertItem, insertUnit, seedRegions } from '../support/fixtures.ts';
import { pdfText } from '../support/pdf.ts';

/**
 * The petitioner's documents (issue 13): 受理 / 不予受理 / 办结 each write exactly one numbered
 * document in the transition's transaction; numbers stay gap-free under concurrency and after a
 * refusal; the PDF says its 文号 and the decision; the stored rows and files cannot be changed.
 */
let db: TestDatabase;
let sql: Sql;
let unit: number;
const office: ServiceActor = { role: 'supervisor', scope: '370100', unitId: null, name: '市信访局 王督查' };
const clerk = (unitId: number): ServiceActor => ({ role: 'unit', scope: '370102', unitId, name: `单位${unitId} 经办` });

async function ok(result: Promise<TransitionResult>) {
	const r = await result;
	if (!r.ok) throw new Error(`refused ${r.rule}: ${r.message}`);
	return r;
}
const docs = (itemId: string) =>
	sql<{ kind: string; number: string; recipient: string; body: string[]; issuedOn: string; id: string }[]>`
		select id::text, kind, number_text as number, recipient, body, issued_on::text as "issuedOn" from petitioner_document where item_id = ${itemId} order by id`;

async function routedItem(received = '2026-03-02 09:00') {
	const id = String(await insertItem(sql, { receivedAt: t(received) }));
	const [p] = await sql<{ id: string }[]>`insert into petitioner (name, identity_hash) values ('张三丰', ${Buffer.from(id.padStart(32, '0'))}) returning id::text`;
	await sql`update petition_item set petitioner_id = ${p.id} where id = ${id}`;
	await ok(applyTransition(sql, office, id, 'route', { unitId: unit }, { at: t('2026-03-03 09:00') }));
	return id;
}

beforeAll(async () => {
	db = await createTestDatabase();
	sql = db.sql;
	await seedRegions(sql);
	await ensureRules(sql);
	unit = await insertUnit(sql);
});
afterAll(() => db?.drop());

describe('a transition yields its document', () => {
	it('受理 → one 受理告知书; 办结 → one 处理意见书; 转送 and 开始办理 none', async () => {
		const id = await routedItem();
		expect(await docs(id)).toEqual([]);
		await ok(applyTransition(sql, clerk(unit), id, 'accept', {}, { at: t('2026-03-05 09:00') }));
		await ok(applyTransition(sql, clerk(unit), id, 'start', {}, { at: t('2026-03-06 09:00') }));
		await ok(applyTransition(sql, clerk(unit), id, 'conclude', { outcome: 'partial', text: '已责令用人单位补发拖欠工资。' }, { at: t('2026-04-10 09:00') }));
		const [accept, opinion, ...rest] = await docs(id);
		expect(rest).toEqual([]);
		expect(accept).toMatchObject({ kind: 'accept', recipient: '张三丰', issuedOn: '2026-03-05' });
		expect(accept.number).toMatch(/^历下人社信受告〔2026〕\d+号$/);
		expect(opinion).toMatchObject({ kind: 'opinion', issuedOn: '2026-04-10' });
		expect(opinion.number).toMatch(/^历下人社信处意〔2026〕\d+号$/);
		expect(opinion.body.join('')).toContain('已责令用人单位补发拖欠工资。');
		expect(opinion.body.join('')).toContain('作出“部分支持”的处理意见');
	});

	it('不予受理 → one 不予受理告知书 dated the 告知 day, with the reason and the channel', async () => {
		const id = await routedItem();
		await ok(applyTransition(sql, clerk(unit), id, 'reject', { reason: '该事项应当通过劳动仲裁解决', noticeOn: '2026-03-04' }, { at: t('2026-03-05 10:00') }));
		const [doc, ...rest] = await docs(id);
		expect(rest).toEqual([]);
		expect(doc).toMatchObject({ kind: 'reject', issuedOn: '2026-03-04' });
		expect(doc.number).toMatch(/^历下人社信不受告〔2026〕\d+号$/);
		expect(doc.body.join('')).toContain('该事项应当通过劳动仲裁解决');
		expect(doc.body.join('')).toMatch(/仲裁机构申请仲裁/);
	});

	it('a refused transition writes no document and takes no number; a replayed upstream event no second one', async () => {
		const id = await routedItem();
		const before = (await sql`select count(*)::int as n from petitioner_document`)[0].n;
		const refused = await applyTransition(sql, clerk(unit), id, 'conclude', { outcome: 'support', text: '支持' }, { at: t('2026-03-05 09:00') });
		expect(refused.ok).toBe(false);
		expect((await sql`select count(*)::int as n from petitioner_document`)[0].n).toBe(before);
		const api: ServiceActor = { ...clerk(unit), name: '县台账系统' };
		await ok(applyTransition(sql, api, id, 'accept', {}, { at: t('2026-03-05 09:00'), sourceEventId: 'ledger-1' }));
		const again = await applyTransition(sql, api, id, 'accept', {}, { at: t('2026-03-05 09:00'), sourceEventId: 'ledger-1' });
		expect(again.ok && again.replayed).toBe(true);
		expect((await docs(id)).map((d) => d.kind)).toEqual(['accept']);
	});
});

describe('numbers per 代字, kind and year', () => {
	it('stay gap-free under concurrent 受理 (and every transition still applies)', async () => {
		const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => routedItem(`2026-03-02 ${String(9 + (i % 8)).padStart(2, '0')}:00`)));
		const results = await Promise.all(ids.map((id) => applyTransition(sql, clerk(unit), id, 'accept', {}, { at: t('2026-03-05 09:00') })));
		expect(results.filter((r) => !r.ok)).toEqual([]);
		const serials = (await sql<{ serial: number }[]>`select serial from petitioner_document where code = '历下人社' and kind = 'accept' and year = 2026 order by serial`).map((r) => r.serial);
		expect(serials).toEqual(Array.from({ length: serials.length }, (_, i) => i + 1));
		const [counter] = await sql<{ last: number }[]>`select last from petitioner_doc_serial where code = '历下人社' and kind = 'accept' and year = 2026`;
		expect(counter.last).toBe(serials.length);
	});

	it('a transition that rolls back gives its number back', async () => {
		const id = await routedItem();
		const [{ last }] = await sql<{ last: number }[]>`select last from petitioner_doc_serial where code = '历下人社' and kind = 'accept' and year = 2026`;
		const rolledBack = sql.begin(async (tx) => {
			await ok(applyWithin(tx as unknown as Sql, clerk(unit), id, 'accept', {}, { at: t('2026-03-05 09:00') }));
			throw new Error('rolled back');
		});
		await expect(rolledBack).rejects.toThrow('rolled back');
		expect((await docs(id)).length).toBe(0);
		const r = await ok(applyTransition(sql, clerk(unit), id, 'accept', {}, { at: t('2026-03-05 09:00') }));
		expect(r.to).toBe('accepted');
		expect((await docs(id))[0].number).toBe(`历下人社信受告〔2026〕${last + 1}号`);
	});
});

describe('the files', () => {
	it('the PDF says the 文号, the petitioner, the decision and the 复查 right; the .docx the same; both stored once and immutable', async () => {
		const id = await routedItem();
		await ok(applyTransition(sql, clerk(unit), id, 'accept', {}, { at: t('2026-03-05 09:00') }));
		await ok(applyTransition(sql, clerk(unit), id, 'conclude', { outcome: 'support', text: '经核实，用人单位已足额补发工资。' }, { at: t('2026-04-10 09:00') }));
		const opinion = (await docs(id)).find((d) => d.kind === 'opinion')!;
		const renderer = createLetterPdfRenderer({ fontsDir: printFontsDir(path.resolve('data')) }); // data/fonts as `npm run fonts` makes them
		const pdf = await petitionerDocumentFile(sql, renderer, opinion.id, 'pdf');
		const dir = mkdtempSync(path.join(tmpdir(), 'petitioner-doc-'));
		writeFileSync(path.join(dir, 'doc.pdf'), pdf!.bytes);
		const text = pdfText(path.join(dir, 'doc.pdf')).replace(/\s+/g, '');
		for (const expected of [opinion.number, '历下区人社局', '信访事项处理意见书', '张三丰：', '经核实，用人单位已足额补发工资。', '“支持”', '30日内', '书面请求复查', '2026年4月10日'])
			expect(text, expected).toContain(expected);
		expect(text).not.toContain('附件');
		const again = await petitionerDocumentFile(sql, renderer, opinion.id, 'pdf');
		expect(again!.sha256).toBe(pdf!.sha256);

		const docx = await petitionerDocumentFile(sql, renderer, opinion.id, 'docx');
		const xml = await documentXml(docx!.bytes);
		expect(xml).toContain(opinion.number);
		expect(xml).toContain('经核实，用人单位已足额补发工资。');

		await expect(sql`update petitioner_document set body = '{改}' where id = ${opinion.id}`).rejects.toThrow(/不能修改或删除/);
		await expect(sql`delete from petitioner_document_file where document_id = ${opinion.id}`).rejects.toThrow(/不能修改或删除/);
	});
});

describe('复查意见书 and 复核意见书', () => {
	let cityUnit: number;
	let provinceUnit: number;
	beforeAll(async () => {
		// the 复查/复核机关: the 人社 bodies one and two levels above 历下区人社局
		[{ id: cityUnit }] = await sql<{ id: number }[]>`insert into unit (name, region, kind, sector) values ('济南市人社局', '370100', 'government', '人社') returning id`;
		[{ id: provinceUnit }] = await sql<{ id: number }[]>`insert into unit (name, region, kind, sector) values ('山东省人社厅', '370000', 'government', '人社') returning id`;
	});
	const counter = async (code: string, kind: string) =>
		(await sql<{ last: number }[]>`select last from petitioner_doc_serial where code = ${code} and kind = ${kind} and year = 2026`)[0]?.last ?? 0;

	async function concludedItem() {
		const id = await routedItem();
		await ok(applyTransition(sql, clerk(unit), id, 'accept', {}, { at: t('2026-03-05 09:00') }));
		await ok(applyTransition(sql, clerk(unit), id, 'conclude', { outcome: 'explain', text: '已向信访人解释工资支付有关规定。' }, { at: t('2026-04-10 09:00') }));
		return id;
	}

	it('复查意见 issues the 复查意见书 and 复核意见 the 复核意见书, each with its kind’s next number, by the body above; both print', async () => {
		const id = await concludedItem();
		const opinion = (await docs(id)).find((d) => d.kind === 'opinion')!;
		const [reviewBefore, recheckBefore] = [await counter('济南人社', 'review'), await counter('山东人社', 'recheck')];

		await ok(applyTransition(sql, office, id, 'review-request', {}, { at: t('2026-04-20 09:00') }));
		expect((await docs(id)).map((d) => d.kind)).toEqual(['accept', 'opinion']); // a request issues nothing
		await ok(applyTransition(sql, office, id, 'review-decide', { text: '经复查，原处理意见事实清楚、适用政策正确，予以维持。' }, { at: t('2026-05-10 09:00') }));
		const review = (await docs(id)).at(-1)!;
		expect(review).toMatchObject({ kind: 'review', recipient: '张三丰', issuedOn: '2026-05-10', number: `济南人社信复查〔2026〕${reviewBefore + 1}号` });
		const [reviewRow] = await sql<{ unitId: number; officeName: string; title: string }[]>`select unit_id as "unitId", office_name as "officeName", title from petitioner_document where id = ${review.id}`;
		expect(reviewRow).toEqual({ unitId: cityUnit, officeName: '济南市人社局', title: '信访事项复查意见书' });
		const reviewText = review.body.join('');
		expect(reviewText).toContain(`历下区人社局已出具信访事项处理意见书（${opinion.number}）。您不服该处理意见，于2026年4月20日请求复查`);
		expect(reviewText).toContain('经复查，原处理意见事实清楚、适用政策正确，予以维持。');
		expect(reviewText).toContain('自收到本意见书之日起30日内，向山东省人民政府或者其有关工作部门（本机关的上一级行政机关）书面请求复核');

		await ok(applyTransition(sql, office, id, 'recheck-request', {}, { at: t('2026-05-20 09:00') }));
		await ok(applyTransition(sql, office, id, 'recheck-decide', { text: '经复核，维持复查意见。' }, { at: t('2026-06-10 09:00') }));
		const recheck = (await docs(id)).at(-1)!;
		expect(recheck).toMatchObject({ kind: 'recheck', issuedOn: '2026-06-10', number: `山东人社信复核〔2026〕${recheckBefore + 1}号` });
		expect((await sql<{ unitId: number }[]>`select unit_id as "unitId" from petitioner_document where id = ${recheck.id}`)[0].unitId).toBe(provinceUnit);
		expect(recheck.body.join('')).toContain(`济南市人社局已出具信访事项复查意见书（${review.number}）。您不服该复查意见，于2026年5月20日请求复核`);
		expect(recheck.body.join('')).toContain('本复核意见为终结意见');
		expect(recheck.body.join('')).toContain('不再受理');
		expect((await docs(id)).map((d) => d.kind)).toEqual(['accept', 'opinion', 'review', 'recheck']);

		// a second item: the next numbers of each kind, gap-free
		const next = await concludedItem();
		await ok(applyTransition(sql, office, next, 'review-request', {}, { at: t('2026-04-21 09:00') }));
		await ok(applyTransition(sql, office, next, 'review-decide', { text: '维持原处理意见。' }, { at: t('2026-05-11 09:00') }));
		expect((await docs(next)).at(-1)!.number).toBe(`济南人社信复查〔2026〕${reviewBefore + 2}号`);
		expect(await counter('济南人社', 'review')).toBe(reviewBefore + 2);

		const renderer = createLetterPdfRenderer({ fontsDir: printFontsDir(path.resolve('data')) });
		const dir = mkdtempSync(path.join(tmpdir(), 'petitioner-appeal-doc-'));
		for (const [doc, expected] of [
			[review, [review.number, '济南市人社局', '信访事项复查意见书', '张三丰：', '予以维持。', '书面请求复核', '2026年5月10日']],
			[recheck, [recheck.number, '山东省人社厅', '信访事项复核意见书', '张三丰：', '经复核，维持复查意见。', '终结意见', '不再受理', '2026年6月10日']]
		] as const) {
			const pdf = await petitionerDocumentFile(sql, renderer, doc.id, 'pdf');
			writeFileSync(path.join(dir, `${doc.kind}.pdf`), pdf!.bytes);
			const text = pdfText(path.join(dir, `${doc.kind}.pdf`)).replace(/\s+/g, '');
			for (const e of expected) expect(text, e).toContain(e);
			expect(text).not.toContain('附件');
			const docx = await petitionerDocumentFile(sql, renderer, doc.id, 'docx');
			expect(await documentXml(docx!.bytes)).toContain(doc.number);
		}
	});
});

describe('a document that could never print is refused with its transition', () => {
	const state = async (id: string) => ({
		status: (await sql<{ status: string }[]>`select status from petition_item where id = ${id}`)[0].status,
		events: (await sql<{ n: number }[]>`select count(*)::int as n from petition_event where item_id = ${id}`)[0].n,
		docs: (await docs(id)).length,
		counters: (await sql<{ kind: string; last: number }[]>`select kind, last from petitioner_doc_serial order by code, kind, year`).map((r) => `${r.kind}:${r.last}`).join(),
		audits: (await sql<{ n: number }[]>`select count(*)::int as n from audit_log where target = ${id}`)[0].n
	});

	it('办结 with 🙂 in the 处理意见: refused naming the field, nothing written; the same 办结 in 规范汉字 prints its PDF', async () => {
		const id = await routedItem();
		await ok(applyTransition(sql, clerk(unit), id, 'accept', {}, { at: t('2026-03-05 09:00') }));
		const before = await state(id);
		const refused = await applyTransition(sql, clerk(unit), id, 'conclude', { outcome: 'explain', text: '已向信访人解释政策规定🙂，信访人表示理解。' }, { at: t('2026-04-10 09:00') });
		expect(refused).toMatchObject({ ok: false, status: 400, rule: 'document.unprintable', field: 'text' });
		expect(!refused.ok && refused.message).toContain('处理意见中有字体没有的字：🙂，请改用规范汉字');
		expect(await state(id)).toEqual(before);

		await ok(applyTransition(sql, clerk(unit), id, 'conclude', { outcome: 'explain', text: '已向信访人解释政策规定，信访人表示理解。' }, { at: t('2026-04-10 09:00') }));
		const opinion = (await docs(id)).find((d) => d.kind === 'opinion')!;
		const renderer = createLetterPdfRenderer({ fontsDir: printFontsDir(path.resolve('data')) });
		const pdf = await petitionerDocumentFile(sql, renderer, opinion.id, 'pdf');
		const file = path.join(mkdtempSync(path.join(tmpdir(), 'petitioner-doc-')), 'doc.pdf');
		writeFileSync(file, pdf!.bytes);
		expect(pdfText(file).replace(/\s+/g, '')).toContain('已向信访人解释政策规定，信访人表示理解。');
	});

	it('a summary with 😀 (nobody can change it at 受理) does not block the item: the document quotes it without', async () => {
		const id = await routedItem();
		await sql`update petition_item set summary = '反映拖欠工资问题😀请尽快解决' where id = ${id}`;
		await ok(applyTransition(sql, clerk(unit), id, 'accept', {}, { at: t('2026-03-05 09:00') }));
		const [accept] = await docs(id);
		expect(accept.body[0]).toContain('“反映拖欠工资问题请尽快解决”');
		const renderer = createLetterPdfRenderer({ fontsDir: printFontsDir(path.resolve('data')) });
		expect((await petitionerDocumentFile(sql, renderer, accept.id, 'pdf'))!.bytes.length).toBeGreaterThan(1000);
	});

	it('不予受理 with 😀 in the reason, 复查意见 and 复核意见 likewise: refused, nothing written, no number taken', async () => {
		const rejected = await routedItem();
		const beforeReject = await state(rejected);
		const r = await applyTransition(sql, clerk(unit), rejected, 'reject', { reason: '该事项应当通过劳动仲裁解决😀', noticeOn: '2026-03-04' }, { at: t('2026-03-05 10:00') });
		expect(r).toMatchObject({ ok: false, status: 400, rule: 'document.unprintable', field: 'reason' });
		expect(!r.ok && r.message).toContain('不予受理理由中有字体没有的字：😀');
		expect(await state(rejected)).toEqual(beforeReject);

		const id = await routedItem();
		await ok(applyTransition(sql, clerk(unit), id, 'accept', {}, { at: t('2026-03-05 09:00') }));
		await ok(applyTransition(sql, clerk(unit), id, 'conclude', { outcome: 'support', text: '已补发工资。' }, { at: t('2026-04-10 09:00') }));
		await ok(applyTransition(sql, office, id, 'review-request', {}, { at: t('2026-04-20 09:00') }));
		const beforeReview = await state(id);
		const review = await applyTransition(sql, office, id, 'review-decide', { text: '维持😀' }, { at: t('2026-05-10 09:00') });
		expect(review).toMatchObject({ ok: false, status: 400, rule: 'document.unprintable', field: 'text' });
		expect(!review.ok && review.message).toContain('复查意见中有字体没有的字：😀');
		expect(await state(id)).toEqual(beforeReview);
		expect((await sql`select decided_at from appeal where item_id = ${id} and kind = 'review'`)[0].decided_at).toBeNull();

		await ok(applyTransition(sql, office, id, 'review-decide', { text: '维持原处理意见。' }, { at: t('2026-05-10 09:00') }));
		await ok(applyTransition(sql, office, id, 'recheck-request', {}, { at: t('2026-05-20 09:00') }));
		const beforeRecheck = await state(id);
		const recheck = await applyTransition(sql, office, id, 'recheck-decide', { text: '维持复查意见🙂' }, { at: t('2026-06-10 09:00') });
		expect(recheck).toMatchObject({ ok: false, status: 400, rule: 'document.unprintable', field: 'text' });
		expect(!recheck.ok && recheck.message).toContain('复核意见中有字体没有的字：🙂');
		expect(await state(id)).toEqual(beforeRecheck);
	});
});

/** word/document.xml of a .docx. */
const documentXml = async (bytes: Buffer) => (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
