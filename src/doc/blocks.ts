// A tiny document model rendered to Markdown and to a self-contained accessible HTML page: the
// charter and the calendar write blocks once and get both formats. Inline text knows two marks,
// `code` and **bold**, the same in both outputs.
export type Block =
  | { kind: 'h'; level: 1 | 2 | 3; text: string; id?: string }
  | { kind: 'p'; text: string }
  | { kind: 'ul'; items: string[] }
  | { kind: 'table'; caption?: string; head: string[]; rows: string[][] }
  | { kind: 'code'; lang: string; text: string };

export function toMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'h':
        out.push(`${'#'.repeat(b.level)} ${b.text}`);
        break;
      case 'p':
        out.push(b.text);
        break;
      case 'ul':
        out.push(b.items.map((i) => `- ${i}`).join('\n'));
        break;
      case 'table': {
        const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
        out.push([`| ${b.head.map(cell).join(' | ')} |`, `|${b.head.map(() => '---').join('|')}|`, ...b.rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n'));
        break;
      }
      case 'code': {
        let f = '```';
        while (b.text.includes(f)) f += '`';
        out.push(`${f}${b.lang}\n${b.text.replace(/\n$/, '')}\n${f}`);
        break;
      }
    }
  }
  return out.join('\n\n') + '\n';
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `code` and **bold** to HTML, everything else escaped. */
export function inlineHtml(s: string): string {
  return s
    .split(/(`[^`]+`)/g)
    .map((part) =>
      part.startsWith('`') && part.endsWith('`') && part.length > 1
        ? `<code>${escapeHtml(part.slice(1, -1))}</code>`
        : escapeHtml(part).replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>').replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>'),
    )
    .join('');
}

export function blocksToHtml(blocks: readonly Block[]): string {
  return blocks
    .map((b) => {
      switch (b.kind) {
        case 'h':
          return `<h${b.level}${b.id ? ` id="${escapeHtml(b.id)}"` : ''}>${inlineHtml(b.text)}</h${b.level}>`;
        case 'p':
          return `<p>${inlineHtml(b.text)}</p>`;
        case 'ul':
          return `<ul>\n${b.items.map((i) => `  <li>${inlineHtml(i)}</li>`).join('\n')}\n</ul>`;
        case 'table':
          return (
            `<div class="table" role="region" tabindex="0"${b.caption ? ` aria-label="${escapeHtml(b.caption)}"` : ''}><table>` +
            (b.caption ? `<caption>${inlineHtml(b.caption)}</caption>` : '') +
            `<thead><tr>${b.head.map((h) => `<th scope="col">${inlineHtml(h)}</th>`).join('')}</tr></thead>` +
            `<tbody>${b.rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${inlineHtml(c)}</th>` : `<td data-label="${escapeHtml(b.head[i] ?? '')}">${inlineHtml(c)}</td>`)).join('')}</tr>`).join('')}</tbody></table></div>`
          );
        case 'code':
          return `<pre><code>${escapeHtml(b.text.replace(/\n$/, ''))}</code></pre>`;
      }
    })
    .join('\n');
}

// Colours chosen for WCAG AA contrast (≥ 4.5:1 on their background); no external resource,
// no script: the page works offline, printed, and with a screen reader.
const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; background: #ffffff; overflow-wrap: break-word; }
code { overflow-wrap: anywhere; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.7rem; line-height: 1.25; color: #0d3b2e; }
h2 { font-size: 1.35rem; margin-top: 2.2rem; color: #0d3b2e; border-bottom: 2px solid #0d3b2e; padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin-top: 1.6rem; color: #1b1b1b; }
a { color: #0b4f8a; }
a:focus, .table:focus { outline: 3px solid #b35c00; outline-offset: 2px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .92em; background: #f1f3f2; color: #1b1b1b; padding: 0 .2em; border-radius: 3px; }
pre { background: #f1f3f2; color: #1b1b1b; padding: .75rem; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
pre code { background: none; padding: 0; }
.table { max-width: 100%; overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; min-width: 100%; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid #8a948f; padding: .35rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #0d3b2e; color: #ffffff; }
tbody th { font-weight: 600; }
/* Narrow screens: each table row becomes a card, each cell labelled by its column. */
@media (max-width: 40rem) {
  table, thead, tbody, tr, th, td, caption { display: block; }
  thead { position: absolute; left: -9999px; }
  tr { border: 1px solid #8a948f; margin-bottom: .6rem; }
  th, td { border: 0; border-top: 1px solid #d5dad7; }
  tbody th { background: #e6eeea; border-top: 0; }
  td[data-label]::before { content: attr(data-label) " : "; font-weight: 600; }
}
.warn { color: #8a3b00; font-weight: 600; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #ffffff; color: #0b4f8a; padding: .3rem; }
`;

export function htmlPage(title: string, body: string, lang: 'fr' | 'en'): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<a class="skip" href="#contenu">${lang === 'fr' ? 'Aller au contenu' : 'Skip to content'}</a>
<main id="contenu">
${body}
</main>
</body>
</html>
`;
}
