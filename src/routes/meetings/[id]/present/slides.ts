import type { AgendaKind } from '$lib/domain/agenda.ts';

/** What a slide shows: the title, the frozen overview, the changes, one per agenda item, the decisions. */
export type Slide = { kind: 'title' } | { kind: 'overview' } | { kind: 'changes' } | { kind: 'agenda'; index: number } | { kind: 'decisions' };

/** A region's first meeting has no previous one to compare with: no changes slide. */
export function slidesOf(agendaLength: number, hasBaseline = true): Slide[] {
	return [{ kind: 'title' }, { kind: 'overview' }, ...(hasBaseline ? [{ kind: 'changes' as const }] : []), ...Array.from({ length: agendaLength }, (_, index) => ({ kind: 'agenda' as const, index })), { kind: 'decisions' }];
}

/** The wall panel that backs an agenda item's slide. */
export const panelFor: Record<AgendaKind, string | null> = {
	review: null,
	overdue: 'overdue',
	stalled_case: 'cases',
	group: 'map',
	skip_level: 'escalation',
	falling_rate: 'rates',
	ignored_letter: 'letters',
	custom: null
};

/** Keyboard and presentation clicker: clickers send PageDown/PageUp (some send arrows or B for blank). */
export function keyStep(key: string): 1 | -1 | 'first' | 'last' | null {
	if (['ArrowRight', 'ArrowDown', 'PageDown', ' ', 'Enter', 'n'].includes(key)) return 1;
	if (['ArrowLeft', 'ArrowUp', 'PageUp', 'Backspace', 'p'].includes(key)) return -1;
	if (key === 'Home') return 'first';
	if (key === 'End') return 'last';
	return null;
}
