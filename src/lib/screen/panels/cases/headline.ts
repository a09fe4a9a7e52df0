/**
 * A 包案 title as the wall can show it in two short lines, abbreviated by meaning, never cut
 * mid-word: the places it starts with, up to the case's county, give way to the county's name,
 * "反映…问题" to the matter. "潍坊市昌乐县高某（3件）反映农村土地及村务问题" in 昌乐县 reads
 * "昌乐县 · 高某（3件）农村土地及村务". A title in another form is kept whole.
 */
export function caseHeadline(title: string, region: string): string {
	const at = title.indexOf(region);
	const rest = at >= 0 && at <= 12 ? title.slice(at + region.length) : title;
	const matter = /^(.*?)反映(.+?)(?:问题)?$/.exec(rest);
	const short = matter ? `${matter[1]}${matter[1] ? ' ' : ''}${matter[2]}` : rest;
	return `${region} · ${short || title}`;
}
