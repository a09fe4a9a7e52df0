import type { Component } from 'svelte';
import CasesPanel from './CasesPanel.svelte';
import CategoriesPanel from './CategoriesPanel.svelte';
import EscalationPanel from './EscalationPanel.svelte';
import LettersPanel from './LettersPanel.svelte';
import MapPanel from './MapPanel.svelte';
import MixPanel from './MixPanel.svelte';
import OverduePanel from './OverduePanel.svelte';
import RatesPanel from './RatesPanel.svelte';
import TickerPanel from './TickerPanel.svelte';
import TrendPanel from './TrendPanel.svelte';
import VolumePanel from './VolumePanel.svelte';
import type { PanelType } from './layout.ts';
import type { PanelProps } from './types.ts';

/** Panel type → component: a new panel is a new file and a line here. */
export const panelTypes: Record<string, Component<PanelProps>> = {
	volume: VolumePanel,
	trend: TrendPanel,
	mix: MixPanel,
	categories: CategoriesPanel,
	map: MapPanel,
	ticker: TickerPanel,
	overdue: OverduePanel,
	cases: CasesPanel,
	rates: RatesPanel,
	escalation: EscalationPanel,
	letters: LettersPanel
} satisfies Record<PanelType, Component<PanelProps>>;
