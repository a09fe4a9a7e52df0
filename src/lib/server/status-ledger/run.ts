import { regionInScope } from '../../domain/access.ts';
import { transitions } from '../../domain/lifecycle.ts';
import { audit } from '../auth/audit.ts';
import { transaction, type Sql } from '../db/connection.ts';
import { applyWithin, type ServiceActor } from '../lifecycle/index.ts';
import { checkStatusRow, mapStatusColumns, STATUS_COLUMNS, type CellError, type CheckedRow, type LedgerField, type StatusColumns } from './columns.ts';

/**
 * 办理台账导入: every row a step of an item's life, applied through the one lifecycle service
 * (`applyWithin`) as the account that imports it — the same rules, clocks, audit and feed as a
 * click on the item's page. Rows go in time order (a ledger lists by item or by unit; the
 * lifecycle needs each item's steps in the order they happened). All rows or none: the dry run
 * applies every row inside a transaction and rolls it back, so what it reports is exactly what
 * the commit would meet; the commit does the same and keeps it only when no row was refused.
 */
export type Table = { headers: string[]; rows: { line: number; cells: string[] }[] };
export type RowOutcome = { line: number; serial: string; step: string; at: string; ok: boolean; to?: string; error?: CellError };
export type LedgerResult =
	| { ok: true; committed: boolean; rows: RowOutcome[] }
	| { ok: false; message: string; errors: CellError[]; rows: RowOutcome[] };

class DryRun extends Error {}

/** The status a refusal's field points at, as a column of the ledger. */
const FIELD_COLUMN: Record<string, LedgerField> = { unitId: 'unit', at: 'at', action: 'event', id: 'serial', eventId: 'eventId', token: 'serial' };

export function statusLedger(sql: Sql, actor: ServiceActor, table: Table, options: { commit: boolean; now?: Date }): Promise<LedgerResult> {
	const now = options.now ?? new Date();
	const columns = mapStatusColumns(table.headers);
	if (!columns.ok) return Promise.resolve({ ok: false, message: columns.message, errors: [], rows: [] });
	const { map } = columns;
	const errors: CellError[] = [];
	const checked: CheckedRow[] = [];
	for (const { line, cells } of table.rows) {
		const byField: Partial<Record<LedgerField, string>> = {};
		map.fields.forEach((f, i) => f && (byField[f] = cells[i] ?? ''));
		const result = checkStatusRow({ line, cells: byField }, map, now);
		if (result.ok) checked.push(result.row);
		else errors.push(...result.errors);
	}
	if (errors.length) return Promise.resolve({ ok: false, message: `有 ${new Set(errors.map((e) => e.row)).size} 行存在错误，没有办理任何一行`, errors, rows: [] });
	// stable: steps of the same instant keep the ledger's order
	const ordered = [...checked].sort((a, b) => a.at.getTime() - b.at.getTime() || a.line - b.line);
	return run(sql, actor, map, ordered, options.commit, now);
}

async function run(sql: Sql, actor: ServiceActor, map: StatusColumns, rows: CheckedRow[], commit: boolean, now: Date): Promise<LedgerResult> {
	const column = (field: LedgerField) => map.headerOf[field] ?? STATUS_COLUMNS.find((c) => c.field === field)!.header;
	let outcome: LedgerResult | null = null;
	try {
		await transaction(sql, async (tx) => {
			const outcomes: RowOutcome[] = [];
			const errors: CellError[] = [];
			const items = new Map<string, { id: string; region: string } | null>();
			for (const row of rows) {
				const base = { line: row.line, serial: row.serial, step: transitions[row.action].label, at: row.at.toISOString() };
				const refuse = (field: LedgerField, message: string) => {
					const error = { row: row.line, column: column(field), field, message };
					errors.push(error);
					outcomes.push({ ...base, ok: false, error });
				};
				if (!items.has(row.serial)) {
					const [item] = await tx<{ id: string; region: string }[]>`select id::text, region from petition_item where serial = ${row.serial}`;
					items.set(row.serial, item && regionInScope(actor.scope, item.region) ? item : null);
				}
				const item = items.get(row.serial);
				if (!item) {
					refuse('serial', `没有找到信访件 ${row.serial}`);
					continue;
				}
				const input = { ...row.input };
				if (row.unitName) {
					const units = await tx<{ id: number; region: string }[]>`select id, region from unit where name = ${row.unitName}`;
					const unit = units.find((u) => regionInScope(actor.scope, u.region));
					if (!unit) {
						refuse('unit', `没有名为“${row.unitName.slice(0, 40)}”的承办单位，或不在您的管辖范围内`);
						continue;
					}
					input.unitId = unit.id;
				}
				const result = await applyWithin(tx, actor, item.id, row.action, input as never, { at: row.at, now, sourceEventId: row.eventId ?? undefined });
				if (result.ok) outcomes.push({ ...base, ok: true, to: result.to });
				else refuse(FIELD_COLUMN[result.field] ?? (STATUS_COLUMNS.some((c) => c.field === result.field) ? (result.field as LedgerField) : 'event'), result.message);
			}
			if (errors.length) {
				outcome = { ok: false, message: `有 ${errors.length} 行不能办理，没有办理任何一行`, errors, rows: outcomes };
				throw new DryRun();
			}
			outcome = { ok: true, committed: commit, rows: outcomes };
			if (!commit) throw new DryRun();
			await audit(tx, {
				userId: actor.userId ?? null,
				username: actor.username ?? actor.name,
				action: 'import.commit',
				target: '办理台账',
				detail: { kind: 'status-ledger', rows: rows.length, items: new Set(rows.map((r) => r.serial)).size },
				ip: actor.ip ?? null
			});
		});
	} catch (e) {
		if (!(e instanceof DryRun)) throw e;
	}
	return outcome!;
}
