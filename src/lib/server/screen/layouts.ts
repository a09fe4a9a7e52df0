import { loadLayout } from '../../screen/panels/check.ts';
import type { Layout } from '../../screen/panels/layout.ts';
import { layouts as builtIn } from '../../screen/panels/layouts.ts';
import type { Principal } from '../../domain/access.ts';
import { audit } from '../auth/audit.ts';
import { transaction, type Db, type Sql } from '../db/connection.ts';

export type StoredLayout = { layout: Layout; source: 'builtin' | 'local'; updatedAt: Date | null; updatedBy: string | null };

/** A stored layout this release cannot use (from a newer release, or no longer passing the check): shown to the admin, never dropped. */
export type UnusableLayout = { name: string; version: unknown; field: string; message: string; spec: unknown; updatedAt: Date; updatedBy: string | null };

/**
 * The deployment's layouts: the built-in ones, each replaced by a locality's own of the same
 * name, plus the locality's new ones. A stored spec of an older version is migrated to the
 * current one and checked again on the way out; one that cannot be is listed as unusable (the
 * wall shows the built-in layout of its name, if any) and stays stored until the admin fixes it.
 */
export async function readLayouts(sql: Db): Promise<{ layouts: Record<string, StoredLayout>; unusable: UnusableLayout[] }> {
	const rows = await sql<{ name: string; spec: Record<string, unknown>; updatedAt: Date; updatedBy: string | null }[]>`
		select l.name, l.spec, l.updated_at as "updatedAt", u.display_name as "updatedBy"
		  from wall_layout l left join app_user u on u.id = l.updated_by order by l.name`;
	const layouts: Record<string, StoredLayout> = {};
	const unusable: UnusableLayout[] = [];
	for (const [name, layout] of Object.entries(builtIn)) layouts[name] = { layout, source: 'builtin', updatedAt: null, updatedBy: null };
	for (const row of rows) {
		const { check } = loadLayout(row.spec);
		if (check.ok) layouts[row.name] = { layout: check.layout, source: 'local', updatedAt: row.updatedAt, updatedBy: row.updatedBy };
		else unusable.push({ name: row.name, version: row.spec.version ?? 1, field: check.field, message: check.message, spec: row.spec, updatedAt: row.updatedAt, updatedBy: row.updatedBy });
	}
	return { layouts, unusable };
}

/** The layouts this deployment's walls may show, by name. */
export const wallLayouts = async (sql: Db) => (await readLayouts(sql)).layouts;

/** The layout names a wall's address may ask for (`?layout=`, `layouts=`). */
export const layoutNames = async (sql: Db) => Object.keys(await wallLayouts(sql));

type Actor = Pick<Principal, 'userId' | 'username'> & { ip: string | null };

/** Saves a checked layout (new, or replacing the stored or built-in one of its name), audited, in one transaction. */
export async function saveLayout(sql: Sql, layout: Layout, actor: Actor): Promise<void> {
	await transaction(sql, async (tx) => {
		const [before] = await tx<{ spec: Layout }[]>`select spec from wall_layout where name = ${layout.name} for update`;
		await tx`
			insert into wall_layout (name, spec, updated_by) values (${layout.name}, ${tx.json(layout as never)}, ${actor.userId})
			on conflict (name) do update set spec = excluded.spec, updated_by = excluded.updated_by, updated_at = now()`;
		await audit(tx, {
			userId: actor.userId,
			username: actor.username,
			action: 'layout.save',
			target: layout.name,
			detail: { title: layout.title, panels: layout.panels.length, replaced: before ? 'local' : Object.hasOwn(builtIn, layout.name) ? 'builtin' : null },
			ip: actor.ip
		});
	});
}

/** Deletes a locality's layout: a built-in of that name shows again. False when there was none. */
export async function resetLayout(sql: Sql, name: string, actor: Actor): Promise<boolean> {
	return transaction(sql, async (tx) => {
		const deleted = await tx`delete from wall_layout where name = ${name} returning name`;
		if (deleted.length === 0) return false;
		await audit(tx, { userId: actor.userId, username: actor.username, action: 'layout.reset', target: name, detail: { builtin: Object.hasOwn(builtIn, name) }, ip: actor.ip });
		return true;
	});
}
