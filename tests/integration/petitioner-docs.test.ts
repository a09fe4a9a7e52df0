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
import { insertItem, seedRegions } from '../support/fixtures.ts';
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
	[{ id: unit }] = await sql<{ id: number }[]>`insert into unit (name, region, kind, sector) values ('历下区人社局', '370102', 'government', '人社') returning id`;
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

/** word/document.xml of a .docx. */
const documentXml = async (bytes: Buffer) => (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
