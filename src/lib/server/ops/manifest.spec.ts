import { describe, expect, it } from 'vitest';
import { compareFacts, compareVersions, type Facts } from './manifest.ts';
import { parseToolVersion } from './pg-tools.ts';

describe('compareVersions', () => {
	it('orders dotted versions numerically, a pre-release tag ignored', () => {
		expect(compareVersions('0.1.0', '0.1.0')).toBe(0);
		expect(compareVersions('0.10.0', '0.9.9')).toBe(1);
		expect(compareVersions('0.1', '0.1.1')).toBe(-1);
		expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBe(0);
		expect(compareVersions('99.0.0', '0.1.0')).toBe(1);
	});
});

describe('parseToolVersion', () => {
	it('reads the major and minor version pg_dump and pg_restore print', () => {
		expect(parseToolVersion('pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)')).toEqual({ major: 15, version: '15.20' });
		expect(parseToolVersion('pg_restore (PostgreSQL) 17.9')).toEqual({ major: 17, version: '17.9' });
		expect(parseToolVersion('pg_dump (PostgreSQL) 18beta1')).toEqual({ major: 18, version: '18' });
		expect(parseToolVersion('something else')).toBeNull();
	});
});

describe('compareFacts', () => {
	const facts: Facts = {
		migration: { level: '0031', versions: ['0001', '0031'] },
		feedSeq: '120',
		counts: { audit_log: 3, petition_item: 10 },
		documents: [{ key: 'letter_document/1.pdf', sha256: 'a'.repeat(64) }, { key: 'petitioner_document/7', sha256: 'e'.repeat(64) }],
		documentKinds: ['letter_document', 'letter_attachment', 'petitioner_document', 'petitioner_document_file'],
		auditLog: { rows: 3, maxId: '3', sha256: 'b'.repeat(64) }
	};
	it('finds nothing when a restore matches its manifest', () => {
		expect(compareFacts(facts, structuredClone(facts))).toEqual([]);
	});
	it('names every difference in Chinese', () => {
		const got = structuredClone(facts);
		got.feedSeq = '119';
		got.counts.petition_item = 9;
		got.documents[0].sha256 = 'c'.repeat(64);
		got.auditLog = { rows: 2, maxId: '2', sha256: 'd'.repeat(64) };
		expect(compareFacts(facts, got)).toEqual([
			'feed seq：备份 120，恢复后 119',
			'表 petition_item：备份 10 行，恢复后 9 行',
			'文档：1 份内容不符，备份 2 份，恢复后 2 份',
			'审计日志：备份 3 条，恢复后 2 条，摘要不一致'
		]);
	});
	it("finds a petitioner's document missing or changed", () => {
		const missing = structuredClone(facts);
		missing.documents.pop();
		expect(compareFacts(facts, missing)).toEqual(['文档：1 份内容不符，备份 2 份，恢复后 1 份']);
		const changed = structuredClone(facts);
		changed.documents[1].sha256 = 'f'.repeat(64);
		expect(compareFacts(facts, changed)).toEqual(['文档：1 份内容不符，备份 2 份，恢复后 2 份']);
	});
	it("holds a manifest of 0.1.0 (no documentKinds) to the letters' documents it covered", () => {
		const { documentKinds: _, ...old } = { ...structuredClone(facts), documents: [facts.documents[0]] };
		expect(compareFacts(old, facts)).toEqual([]);
		const lost = structuredClone(facts);
		lost.documents.shift();
		expect(compareFacts(old, lost)).toEqual(['文档：1 份内容不符，备份 1 份，恢复后 0 份']);
	});
});
