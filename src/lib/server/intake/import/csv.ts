/**
 * CSV as offices really save it: Excel on a Chinese Windows writes GB18030 (GBK) unless told
 * otherwise, others write UTF-8 with or without a BOM. Fields follow RFC 4180 (quotes, doubled
 * quotes, line breaks inside quotes); a tab-separated paste from Excel is read too.
 */
export function decodeText(bytes: Uint8Array): string {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return new TextDecoder('gb18030').decode(bytes);
	}
}

/** The records of a CSV text, each a list of fields. */
export function parseCsv(text: string): string[][] {
	const firstLine = text.slice(0, text.search(/\r?\n|$/));
	const delimiter = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
			else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"' && field === '') quoted = true;
		else if (c === delimiter) record.push(field), (field = '');
		else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			record.push(field);
			records.push(record);
			(record = []), (field = '');
		} else field += c;
	}
	if (field !== '' || record.length > 0) record.push(field), records.push(record);
	return records;
}
