import { randomUUID } from 'node:crypto';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import type { IssueRequest } from '../../src/lib/server/letters/issue.ts';
import type { LetterKind } from '../../src/lib/domain/letter-rules.ts';
import { insertItem, seedRegions } from './fixtures.ts';

export type LetterWorld = {
	supervisor: { userId: number; username: string; role: 'supervisor'; scope: string; unitId: null; displayName: string };
	unitUser: { userId: number; username: string; role: 'unit'; scope: string; unitId: number; displayName: string };
	unitId: number;
	otherUnitId: number;
	items: string[];
	/** the next item issueRequest hands out: one open letter per item and kind, so each request takes fresh items */
	next?: number;
};

/** Regions, two units in 历下区 (one with contacts), a province supervisor, a unit account and items of the unit. */
export async function seedLetterWorld(sql: Sql, items = 80): Promise<LetterWorld> {
	await seedRegions(sql);
	const [unit] = await sql<{ id: number }[]>`
		insert into unit (name, region, kind, sector, email, phone) values ('济南市历下区人力资源和社会保障局', '370102', 'government', '人社', 'renshe@lixia.example.gov.cn', '13800000001') returning id`;
	const [other] = await sql<{ id: number }[]>`insert into unit (name, region, kind, sector) values ('济南市历下区住房和城乡建设局', '370102', 'government', '住建') returning id`;
	// the body a 问责建议函 is addressed to
	await sql`insert into unit (name, region, kind, sector) values ('济南市历下区纪委监委', '370102', 'party', '纪委监委')`;
	const [sup] = await sql<{ id: number }[]>`
		insert into app_user (username, display_name, password_hash, role, scope_region) values ('t.ducha', '省督查员', 'x', 'supervisor', '370000') returning id`;
	const [uu] = await sql<{ id: number }[]>`
		insert into app_user (username, display_name, password_hash, role, scope_region, unit_id) values ('t.renshe', '历下人社', 'x', 'unit', '370102', ${unit.id}) returning id`;
	const ids: string[] = [];
	for (let i = 0; i < items; i++) {
		const id = await insertItem(sql, { region: '370102', receivedAt: new Date(Date.now() - (90 - i) * 86400_000) });
		await sql`update petition_item set unit_id = ${unit.id} where id = ${id}`;
		ids.push(String(id));
	}
	return {
		supervisor: { userId: sup.id, username: 't.ducha', role: 'supervisor', scope: '370000', unitId: null, displayName: '省督查员' },
		unitUser: { userId: uu.id, username: 't.renshe', role: 'unit', scope: '370102', unitId: unit.id, displayName: '历下人社' },
		unitId: unit.id,
		otherUnitId: other.id,
		items: ids
	};
}

/** The next `n` items no earlier request took (the first request takes the first two). */
export function take(world: LetterWorld, n: number): string[] {
	const from = world.next ?? 0;
	world.next = from + n;
	return world.items.slice(from, from + n);
}

export const issueRequest = (world: LetterWorld, kind: LetterKind, x: Partial<IssueRequest> = {}): IssueRequest => ({
	kind,
	recipientUnitId: world.unitId,
	itemIds: x.itemIds ?? take(world, 2),
	reason: '经督查，你单位承办的信访事项逾期未办结，请依法按期办理。',
	feedbackDue: new Date(Date.now() + 31 * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10),
	cc: '济南市信访局',
	evidence: [],
	follows: [],
	// fresh items never had a 督办函: a 问责建议函 on them states why it skips the ladder's step
	...(kind === 'accountability' ? { ladderReason: '推诿敷衍、拖延办理，已造成群众多次越级上访的严重后果' } : {}),
	idempotencyKey: randomUUID(),
	...x
});
