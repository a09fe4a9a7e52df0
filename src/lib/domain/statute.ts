/**
 * Limits fixed by law, not by a locality: they are constants here, never rules-table settings.
 *
 * 延期: 《信访条例》（2005）第33条 — "情况复杂的，经本行政机关负责人批准，可以适当延长办理期限，
 * 但延长期限不得超过30日，并告知信访人延期理由". The cap is on the total of all extensions.
 */
export const MAX_EXTENSION_DAYS = 30;
