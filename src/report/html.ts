/**
 * The report as one self-contained HTML file: inline CSS, inline SVG charts, no script and no
 * network reference (a Content-Security-Policy that forbids them says so to the browser too),
 * laid out to print on A4 (charts never split across pages).
 */
import type { ReportSection } from './build-report.js';

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CSS = `
:root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --accent: #2f5d8a; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 24px; }
header { border-bottom: 3px solid var(--accent); margin-bottom: 16px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; margin: 32px 0 8px; color: var(--accent); }
.meta { color: var(--muted); font-size: 13px; }
nav ol { columns: 2; font-size: 14px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f0f4f8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure.chart { margin: 0; padding: 8px; border: 1px solid var(--line); border-radius: 6px; break-inside: avoid; max-width: 100%; overflow-x: auto; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
section { break-inside: auto; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav { display: none; }
  h2 { break-after: avoid; }
  figure.chart, table { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

const isNumber = (s: string): boolean => /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?%?$/i.test(s.trim());

/** `svgs`: the rendered charts of every section, in order (section by section, chart by chart). */
export function renderHtml(title: string, subtitle: string, sections: readonly ReportSection[], svgs: readonly string[]): string {
  let next = 0;
  const body = sections.map((s) => {
    const tables = s.tables.map((t) => `<table><thead><tr>${t.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${t.rows.map((r) => `<tr>${r.map((c) => `<td${isNumber(c) ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`);
    const charts = s.charts.map((c) => `<figure class="chart" id="chart-${c.id}" data-chart="${escapeHtml(c.id)}">${svgs[next++] ?? ''}</figure>`);
    return `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>${s.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${charts.length ? `<div class="charts">${charts.join('')}</div>` : ''}${tables.join('')}</section>`;
  });
  const nav = `<nav><ol>${sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('')}</ol></nav>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body><header><h1>${escapeHtml(title)}</h1><p class="meta">${escapeHtml(subtitle)}</p></header>
${nav}
${body.join('\n')}
</body></html>
`;
}
