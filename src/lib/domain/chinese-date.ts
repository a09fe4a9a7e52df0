/** 2026-12-01 → 2026年12月1日 (GB/T 9704 7.3.5: Arabic numerals, no leading zeros). */
export function chineseDate(date: string): string {
	const [y, m, d] = date.split('-').map(Number);
	return `${y}年${m}月${d}日`;
}

/**
 * A summary fit for a letter's attachment: the petitioners' names become 某 after the surname,
 * and long digit runs (phone numbers, ID numbers) are masked.
 */
export function redactSummary(summary: string, names: string[]): string {
	let out = summary;
	for (const name of names.filter((n) => Array.from(n).length >= 2).sort((a, b) => b.length - a.length)) out = out.split(name).join(`${Array.from(name)[0]}某`);
	return out.replace(/\d{6,}[\dXx]*/g, (m) => `${m.slice(0, 3)}${'*'.repeat(m.length - 3)}`);
}
