/** A year: browsers that have seen the site over HTTPS keep to HTTPS for that long. */
export const HSTS = 'max-age=31536000';

/**
 * The Strict-Transport-Security value for a response, when the page was served over HTTPS — as
 * the app sees it: ORIGIN, or the proxy's PROTOCOL_HEADER, or a TLS connection of its own. Over
 * plain HTTP (a loopback demo, a test) none: HSTS on http:// is ignored by browsers anyway and
 * would only mislead.
 */
export function hstsFor(url: URL): string | null {
	return url.protocol === 'https:' ? HSTS : null;
}
