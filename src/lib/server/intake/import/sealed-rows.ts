import { open, seal } from '../../personal-data/codec.ts';
import { keyring } from '../../personal-data/keyring.ts';
import type { PreviewRow } from './jobs.ts';

/** The cells a pending import keeps sealed (SM4) between the preview and the commit. */
const PERSONAL = ['idNumber', 'phone'] as const;
const PREFIX = 'sm4:';

const mapCells = (row: PreviewRow, f: (cell: string) => string): PreviewRow => {
	const record = { ...row.record };
	for (const field of PERSONAL) if (record[field]) record[field] = f(record[field]!);
	return { ...row, record };
};

/** A row as stored with its job: the ID number and phone cells as `sm4:` + base64 of the sealed value. */
export const sealRow = (row: PreviewRow) => mapCells(row, (cell) => PREFIX + seal(keyring(), cell).toString('base64'));

/** A stored row with its cells opened again (rows from before encryption pass through unchanged). */
export const openRow = (row: PreviewRow) => mapCells(row, (cell) => (cell.startsWith(PREFIX) ? open(keyring(), Buffer.from(cell.slice(PREFIX.length), 'base64')) : cell));
