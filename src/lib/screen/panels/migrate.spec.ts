import { describe, expect, it } from 'vitest';
import { loadLayout, parseLayoutText } from './check.ts';
import { LAYOUT_VERSION } from './layout.ts';
import { layouts } from './layouts.ts';
import { migrateLayout } from './migrate.ts';

/** A layout as stored before versions: no `version` field. */
const v1 = () => {
	const { version: _, ...rest } = structuredClone(layouts.supervision);
	return rest as Record<string, unknown>;
};

describe('migrateLayout', () => {
	it('brings a layout stored before versions (1) up to the current version, leaving the input as it was', () => {
		const stored = v1();
		const migrated = migrateLayout(stored);
		expect(migrated).toEqual({ ok: true, from: 1, value: { ...stored, version: LAYOUT_VERSION } });
		expect(stored).not.toHaveProperty('version');
		const { check, from } = loadLayout(stored);
		expect(from).toBe(1);
		expect(check).toEqual({ ok: true, layout: layouts.supervision });
	});

	it('takes an explicit version 1 the same way, and the current version as it is', () => {
		expect(loadLayout({ ...v1(), version: 1 }).check).toEqual({ ok: true, layout: layouts.supervision });
		expect(loadLayout(structuredClone(layouts.overview))).toEqual({ check: { ok: true, layout: layouts.overview }, from: LAYOUT_VERSION });
	});

	it('refuses a layout from a newer release, naming the version', () => {
		const newer = { ...structuredClone(layouts.overview), version: LAYOUT_VERSION + 1 };
		const { check, from } = loadLayout(newer);
		expect(from).toBeNull();
		expect(check).toMatchObject({ ok: false, field: 'version' });
		expect(!check.ok && check.message).toContain(`布局版本 ${LAYOUT_VERSION + 1} 高于本系统支持的版本 ${LAYOUT_VERSION}`);
	});

	it.each([0, -1, 1.5, '2', null])('refuses version %j as not a version', (version) => {
		expect(migrateLayout({ ...v1(), version })).toEqual({ ok: false, field: 'version', message: '布局版本应为正整数' });
	});

	it('migrates, then checks: an old layout with a panel type this release does not know is refused, naming the panel', () => {
		const stored = v1() as { panels: { type: string }[] };
		stored.panels[2].type = 'weather';
		const { check, from } = loadLayout(stored);
		expect(from).toBe(1);
		expect(check).toMatchObject({ ok: false, field: 'panels[2].type' });
	});

	it('the editor takes a pasted old layout and answers with the current version', () => {
		const result = parseLayoutText(JSON.stringify(v1()));
		expect(result.ok && result.layout.version).toBe(LAYOUT_VERSION);
	});

	it('refuses what is not an object', () => {
		expect(migrateLayout([])).toEqual({ ok: false, field: '', message: '布局应为对象' });
	});
});
