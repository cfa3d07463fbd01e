/**
 * A hostile vault for the XSS suite (issue 18): every script payload a note can carry, in
 * every place a note can put text. Each payload, should it run, records its placement in
 * the page's `window.__xss` list (the test creates it in every frame), so a failure names
 * exactly what ran. Generated, not stored: `writeXssVault(dir)` writes it, and
 * `PLACEMENTS` lists what it holds.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The statement a payload runs: in a frame of its own it reports to the page around it. */
const run = (id: string, frame = false) => `${frame ? 'top.' : ''}__xss.push('${id}')`;

/** Raw HTML payloads: each runs as soon as the page loads, or on the hover or click the test does. */
const HTML_PAYLOADS: Record<string, (id: string) => string> = {
  script: (id) => `<script>${run(id)}</script>`,
  'img-onerror': (id) => `<img src="x" onerror="${run(id)}">`,
  'iframe-srcdoc': (id) => `<iframe srcdoc="<script>${run(id, true)}</script>"></iframe>`,
  'iframe-javascript': (id) => `<iframe src="javascript:${run(id, true)}"></iframe>`,
  'details-ontoggle': (id) => `<details open ontoggle="${run(id)}"><summary>s</summary>x</details>`,
  onmouseover: (id) => `<span class="hover-me" onmouseover="${run(id)}">hover ${id}</span>`,
  'svg-onload': (id) => `<svg onload="${run(id)}"></svg>`,
  'a-javascript': (id) => `<a href="javascript:${run(id)}">click ${id}</a>`,
  'input-autofocus': (id) => `<input autofocus onfocus="${run(id)}">`,
  'video-source-onerror': (id) => `<video><source src="x" onerror="${run(id)}"></video>`,
};

/** Where a note's Markdown can hold raw HTML; each gets every payload above. */
const HTML_PLACES: Record<string, (payload: string, n: number) => string> = {
  body: (p) => `Text before ${p} text after.`,
  heading: (p) => `## Heading ${p}`,
  'callout-title': (p) => `> [!warning] Title ${p}\n> Body.`,
  'callout-body': (p) => `> [!note] Title\n> Body ${p}`,
  table: (p) => `| a | b |\n|---|---|\n| ${p} | c |`,
  list: (p) => `- item ${p}\n- second`,
  footnote: (p, n) => `Claim[^${n}].\n\n[^${n}]: Footnote ${p}`,
  'link-text-markdown': (p) => `[Link ${p}](Target.md)`,
  'link-text-wiki': (p) => `[[Target|Link ${p}]]`,
};

/** `javascript:` in every spelling a Markdown link can take. */
const LINK_URLS: Record<string, (id: string) => string> = {
  'link-url-javascript': (id) => `[click ${id}](javascript:${run(id)})`,
  'link-url-uppercase': (id) => `[click ${id}](JAVASCRIPT:${run(id)})`,
  'link-url-autolink': (id) => `<javascript:${run(id)}>`,
  'link-url-entity': (id) => `[click ${id}](&#106;avascript:${run(id)})`,
  'link-url-tab-entity': (id) => `[click ${id}](java&#x09;script:${run(id)})`,
  'link-url-reference': (id) => `[click ${id}][ref-${id}]\n\n[ref-${id}]: javascript:${run(id)}`,
  'link-url-html-entity': (id) => `<a href="&#x6A;avascript:${run(id)}">click ${id}</a>`,
};

/** A payload for places the site shows as text: it runs only if the site writes it as HTML. */
const text = (id: string) => `"><img src=x onerror="${run(id)}"><script>${run(id)}</script>`;

const yamlQuoted = (value: string) => `'${value.replaceAll("'", "''")}'`;

export interface HostileVault {
  /** Every placement id a payload can report. */
  placements: string[];
  /** Vault path → content. */
  files: Record<string, string>;
}

export function hostileVault(): HostileVault {
  const placements: string[] = [];
  const id = (name: string) => (placements.push(name), name);
  const files: Record<string, string> = {};

  const htmlNotes: string[] = [];
  for (const [place, wrap] of Object.entries(HTML_PLACES)) {
    const name = `Place ${place}`;
    htmlNotes.push(name);
    files[`${name}.md`] = `# ${name}\n\n${Object.entries(HTML_PAYLOADS).map(([kind, payload], n) => wrap(payload(id(`${place}-${kind}`)), n + 1)).join('\n\n')}\n\n<base href="https://evil.invalid/">\n\n[[Target]]\n`;
  }
  files['Link URLs.md'] = `# Link URLs\n\n${Object.entries(LINK_URLS).map(([name, link]) => link(id(name))).join('\n\n')}\n\n[[Target]]\n`;
  files['Target.md'] = '# Target\n\nThe note the hostile links point at.\n\n## Section\n\nText ^block-1\n';

  files['Front matter.md'] = [
    '---',
    `title: ${yamlQuoted(`Title ${text(id('frontmatter-title'))}`)}`,
    `description: ${yamlQuoted(`Description ${text(id('frontmatter-description'))}`)}`,
    `tags: [${yamlQuoted(`tag ${text(id('frontmatter-tag'))}`)}, xss]`,
    `aliases: [${yamlQuoted(`Alias ${text(id('frontmatter-alias'))}`)}]`,
    '---',
    '',
    'A note whose metadata is hostile. #xss',
    '',
  ].join('\n');
  // No `/`, `\` or `|` in names: those are path separators or Obsidian's link syntax.
  files[`File <img src=x onerror=${run(id('file-name'))}>.md`] = 'A note whose file name is hostile.\n';
  files[`Folder <svg onload=${run(id('folder-name'))}>/Inside.md`] = 'A note whose folder name is hostile.\n';
  files['Tags and ids.md'] = [
    '# Tags and ids',
    '',
    `Tag #xss-tag"onmouseover="${run(id('inline-tag'))} and a missing heading [[Target#${text(id('heading-link'))}]]`,
    '',
    `and a missing block [[Target#^${text(id('block-id'))}]], an embed of one ![[Target#^${text(id('block-embed'))}]].`,
    '',
    `A missing note [[${text(id('missing-note'))}]] and a missing embed ![[${text(id('missing-embed'))}.png]].`,
    '',
  ].join('\n');
  files['Math.md'] = [
    '# Math',
    '',
    `Inline $<img src=x onerror=${run(id('math-inline'))}>$ and $\\href{javascript:${run(id('math-href'))}}{click math-href}$.`,
    '',
    `$$\n\\htmlClass{x}{${text(id('math-display'))}}\n$$`,
    '',
  ].join('\n');
  files['Code.md'] = [
    '# Code',
    '',
    `\`\`\`${text(id('code-info')).replaceAll('`', '')}`,
    `code ${text(id('code-body'))}`,
    '```',
    '',
    '```mermaid',
    'graph TD',
    `  A["${text(id('mermaid-label')).replaceAll('"', "'")}"] --> B`,
    `  click A href "javascript:${run(id('mermaid-click'))}"`,
    '```',
    '',
  ].join('\n');
  files['SQL.md'] = [
    '# SQL',
    '',
    `\`\`\`sql db=x"onmouseover="${run(id('sql-option-db'))} expect-error="${text(id('sql-option-error')).replaceAll('"', "'")}"`,
    `SELECT '${text(id('sql-text')).replaceAll("'", "''")}' AS "${text(id('sql-column')).replaceAll('"', "'")}";`,
    '```',
    '',
    `\`\`\`sql-table t"><img src=x onerror=${run(id('sql-table-view'))}>`,
    '```',
    '',
    '```lab',
    `-- title: ${text(id('lab-title'))}`,
    `A: SELECT '${text(id('lab-step')).replaceAll("'", "''")}';`,
    `B: SELECT 1; -- ${text(id('lab-comment'))}`,
    '```',
    '',
  ].join('\n');
  // Attachments that run script if opened as a page of the site: served as downloads.
  files['attachments/evil.svg'] = `<svg xmlns="http://www.w3.org/2000/svg" onload="${run(id('svg-attachment'))}"><script>${run(id('svg-attachment-script'))}</script></svg>\n`;
  files['attachments/evil.html'] = `<!doctype html><script>${run(id('html-attachment'))}</script>\n`;
  files['Attachments.md'] = '# Attachments\n\n![[evil.svg]]\n\n[[evil.svg]] and [[evil.html]]\n';
  // Every hostile note transcluded: the payloads again, inside another page.
  files['Embeds.md'] = `# Embeds\n\n${[...htmlNotes, 'Link URLs', 'Front matter', 'Math', 'Code'].map((n) => `![[${n}]]`).join('\n\n')}\n`;
  files['index.md'] = `# Hostile wiki\n\n${[...htmlNotes, 'Link URLs', 'Front matter', 'Tags and ids', 'Math', 'Code', 'SQL', 'Embeds', 'Attachments', 'Inside', 'Target']
    .map((n) => `- [[${n}]]`)
    .join('\n')}\n`;
  return { placements, files };
}

export const PLACEMENTS = hostileVault().placements;

export function writeXssVault(dir: string): void {
  for (const [rel, content] of Object.entries(hostileVault().files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}
