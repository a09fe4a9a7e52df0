import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { insertItem, seedRegions } from '../support/fixtures.ts';

/**
 * Red team #15, finding 5: any writer could set liaowang.bulk_load and write with no outbox row.
 * Bulk-load mode now holds only for the tables' owner; a role that merely may write is refused.
 */
describe('bulk-load mode is the owner’s only', () => {
	let db: TestDatabase;
	const writer = `lw_writer_${process.pid}_${randomBytes(3).toString('hex')}`;
	const outbox = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from outbox`)[0].n;

	beforeAll(async () => {
		db = await createTestDatabase();
		await seedRegions(db.sql);
		// a runtime-like role: may read and write the tables, owns none of them
		await db.sql.unsafe(`create role ${writer} nologin`);
		await db.sql.unsafe(`grant usage on schema public to ${writer}`);
		await db.sql.unsafe(`grant select, insert, update, delete on all tables in schema public to ${writer}`);
		await db.sql.unsafe(`grant usage, select on all sequences in schema public to ${writer}`);
	});
	afterAll(async () => {
		if (db) {
			await db.sql.unsafe(`drop owned by ${writer}`).catch(() => {});
			await db.drop();
			await db.sql.unsafe(`drop role if exists ${writer}`).catch(() => {});
		}
	});

	it('a non-owner writes through the outbox as always', async () => {
		const before = await outbox();
		await db.sql.begin(async (tx) => {
			await tx.unsafe(`set local role ${writer}`);
			await insertItem(tx as never);
		});
		expect(await outbox()).toBe(before + 1);
	});

	it('a non-owner that turns bulk-load mode on is refused, and nothing is written', async () => {
		const [{ items }] = await db.sql`select count(*)::int as items from petition_item`;
		const before = await outbox();
		await expect(
			db.sql.begin(async (tx) => {
				await tx.unsafe(`set local role ${writer}`);
				await tx`select set_config('liaowang.bulk_load', 'on', true)`;
				await insertItem(tx as never);
			})
		).rejects.toThrow(/批量导入模式只允许数据库属主使用/);
		await expect(
			db.sql.begin(async (tx) => {
				await tx.unsafe(`set local role ${writer}`);
				await tx`select set_config('liaowang.bulk_load', 'on', true)`;
				await tx`update petition_item set summary = '悄悄改掉' where true`;
			})
		).rejects.toThrow(/批量导入模式/);
		await expect(
			db.sql.begin(async (tx) => {
				await tx.unsafe(`set local role ${writer}`);
				await tx`select set_config('liaowang.bulk_load', 'on', true)`;
				await tx`delete from supervision_letter`;
			})
		).rejects.toThrow(/批量导入模式/);
		expect((await db.sql`select count(*)::int as items from petition_item`)[0].items).toBe(items);
		expect(await outbox()).toBe(before);
	});

	it('the owner (the demo loader) still bulk-loads without outbox rows', async () => {
		const before = await outbox();
		await db.sql.begin(async (tx) => {
			await tx`select set_config('liaowang.bulk_load', 'on', true)`;
			await insertItem(tx as never);
		});
		expect(await outbox()).toBe(before);
	});
});
