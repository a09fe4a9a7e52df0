import path from 'node:path';
import { it } from 'vitest';
import { letterDocx } from '../../src/lib/server/letters/render/docx.ts';
import { sampleLetter } from '../support/letter-format.ts';
import { docxToPdf } from '../support/office.ts';
import { measurePdf } from '../support/pdf.ts';
import { horizontalRules, inkBox } from '../support/raster.ts';
import { createLetterPdfRenderer } from '../../src/lib/server/letters/render/letter-pdf.ts';
import { writeFileSync } from 'node:fs';
it('dump', async () => {
	const dir = '/tmp/lw-letters-scratch';
	const kind = (process.env.KIND ?? 'accountability') as 'accountability';
	const items = Number(process.env.ITEMS ?? 4);
	const doc = sampleLetter(kind, items, process.env.EXTRA ? '\n' + '经督查，你单位承办的信访事项长期未办结，群众反映强烈，社会影响较大。'.repeat(40) : '');
	const file = docxToPdf(await letterDocx(doc), dir, `dump`);
	writeFileSync(`${dir}/dump-ref.pdf`, await createLetterPdfRenderer({ fontsDir: path.resolve('data/fonts') }).render(doc));
	for (const [name, f] of [['docx', file], ['pdf', `${dir}/dump-ref.pdf`]]) {
		const pages = measurePdf(f);
		console.log(`== ${name}: ${pages.length} pages`);
		pages.forEach((p, i) => { console.log(`-- page ${i + 1}`); for (const l of p.lines) console.log(`${l.top.toFixed(2)}-${l.bottom.toFixed(2)} x ${l.left.toFixed(2)}-${l.right.toFixed(2)} ${l.text.slice(0, 40)}`); });
		const red = horizontalRules(f, 1, 'red');
		console.log('red', JSON.stringify(red));
		console.log('mark ink', JSON.stringify(inkBox(f, 1, 'red', { top: 0, bottom: red[0].top - 0.3, left: 0, right: 210 })));
		console.log('number ink', JSON.stringify(inkBox(f, 1, 'black', { top: red[1].bottom + 0.2, bottom: red[1].bottom + 10, left: 100, right: 210 })));
		console.log('black last', JSON.stringify(horizontalRules(f, pages.length, 'black')));
	}
}, 120_000);
