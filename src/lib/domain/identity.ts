/**
 * 居民身份证号码 (GB 11643): pure checks, usable in the browser as well as on the server.
 * The demo-data generator makes numbers with these; intake checks what staff type in.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11643 校验码 of the first 17 digits (ISO 7064 MOD 11-2). */
export function idCheckDigit(first17: string): string {
	if (!/^[0-9]{17}$/.test(first17)) throw new RangeError(`应为 17 位数字：${first17}`);
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
	return '10X98765432'[sum % 11];
}

/** The birth date ('YYYY-MM-DD') an 18-character number carries, or null when it is not a real date. */
export function birthDateOf(id: string): string | null {
	if (!/^[0-9]{17}[0-9X]$/.test(id)) return null;
	const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
	const date = new Date(`${birth}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(birth) ? birth : null;
}

/** Whether an 18-character number has a valid check digit and a real birth date. */
export function isValidIdNumber(id: string): boolean {
	return birthDateOf(id) !== null && idCheckDigit(id.slice(0, 17)) === id[17];
}
