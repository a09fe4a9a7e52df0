import { FACES as FONTS } from '../../print/fonts.ts';
import { chineseDay, type BriefingDocument } from './content.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const family = (cjk: string) => `'${FONTS.latin}', '${cjk}'`;

// headings in the 标宋-class face: the letters' 黑体 is cut down to the glyphs of 附件 (fonts.ts)
const css = `
@page { size: A4; margin: 30mm 24mm 37mm 24mm; }
* { margin: 0; padding: 0; box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: ${family(FONTS.body)}; font-size: 14pt; line-height: 1.6; color: #000; }
.mark { text-align: center; color: #c00; font-family: ${family(FONTS.title)}; font-size: 26pt; letter-spacing: 2mm; padding-bottom: 3mm; border-bottom: 1mm solid #c00; margin-bottom: 6mm; }
h1 { font-family: ${family(FONTS.title)}; font-weight: 400; font-size: 20pt; text-align: center; margin: 4mm 0; }
h2 { font-family: ${family(FONTS.title)}; font-weight: 400; font-size: 15pt; margin: 6mm 0 2mm; }
.meta { font-size: 12pt; }
.frozen { font-family: ${family(FONTS.title)}; font-size: 11pt; border: 0.3mm solid #c00; color: #c00; padding: 1mm 3mm; display: inline-block; margin: 2mm 0; }
table { border-collapse: collapse; width: 100%; font-size: 12pt; }
th, td { border: 0.3mm solid #000; padding: 1mm 2mm; text-align: left; }
th { font-family: ${family(FONTS.title)}; font-weight: 400; }
td.num { text-align: right; }
figure { margin: 3mm 0; break-inside: avoid; }
figure img { width: 100%; display: block; }
figcaption { text-align: center; font-size: 11pt; }
ol.agenda > li { margin: 2mm 0 3mm 7mm; }
.note { font-size: 12pt; color: #333; }
.decision { font-size: 12pt; margin-left: 5mm; }
.sign { text-align: right; margin-top: 10mm; }
`;

const rows = (r: string[][], head?: string[]) =>
	`<table>${head ? `<thead><tr>${head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead>` : ''}<tbody>${r.map((cells) => `<tr>${cells.map((c, i) => `<td${i > 0 ? ' class="num"' : ''}>${escape(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

function agendaHtml(doc: BriefingDocument): string {
	return `<ol class="agenda">${doc.agenda
		.map(
			(a) => `<li><strong>${escape(a.title)}</strong>${a.detail ? `<div class="note">${escape(a.detail)}</div>` : ''}${a.note ? `<div class="note">批注：${escape(a.note)}</div>` : ''}${a.decisions
				.map((d) => `<div class="decision">会议决定：${escape(d.text)}（责任单位：${escape(d.unit)}；责任人：${escape(d.person)}；办理期限：${escape(chineseDay(d.due))}）</div>`)
				.join('')}</li>`
		)
		.join('')}</ol>`;
}

/** The briefing (简报) as one HTML page Chromium prints: frozen figures, changes, charts, agenda and decisions (the 纪要 is typeset: minutes-pdf.ts). */
export function briefingHtml(doc: BriefingDocument): string {
	const charts = doc.charts.map((c) => `<figure><img alt="${escape(c.title)}" src="data:image/svg+xml;base64,${Buffer.from(c.svg).toString('base64')}"><figcaption>${escape(c.title)}</figcaption></figure>`).join('');
	return page(doc.title, `
<div class="mark">${escape(doc.office)}</div>
<h1>${escape(doc.title)}简报</h1>
<p class="meta">召开时间：${escape(doc.heldAt)}　地点：${escape(doc.place || '—')}</p>
<p class="frozen">冻结态势 · ${escape(doc.snapshot.takenAt)} · 序号 ${doc.snapshot.seq}</p>
<h2>一、当前态势（${escape(doc.regionName)}）</h2>
${rows(doc.figures, ['指标', '数值'])}
<h2>二、上次会议以来的变化${doc.baseline ? `（自 ${escape(doc.baseline.takenAt)}）` : '（本地区首次会议）'}</h2>
${rows(doc.changes, ['变化', '数量'])}
${doc.rateChanges.length ? `<h2>三、按期办结率变化（按单位）</h2>${rows(doc.rateChanges, ['单位', '上次', '本次', '变化'])}` : ''}
<h2>${doc.rateChanges.length ? '四' : '三'}、图表</h2>
${charts}
<h2>${doc.rateChanges.length ? '五' : '四'}、会议议程与决定</h2>
${agendaHtml(doc)}`);
}

const page = (title: string, body: string) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(title)}</title><style>${css}</style></head><body>${body}</body></html>`;

/** A chart alone on a page of its own size, for the PNG the .docx embeds. */
export const chartPage = (svg: string) => `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#fff}</style></head><body>${svg}</body></html>`;
