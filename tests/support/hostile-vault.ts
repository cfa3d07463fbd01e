/**
 * A seeded generator of hostile vaults (issues 18 and 20): notes and files an author could
 * write to hang, crash or subvert the build, each with what the build must say about it.
 * Same seed, same vault. `perCategory` notes of each category; the expensive categories
 * (huge lines, 20,000 links, endless SQL) are capped so a CI-sized vault stays small.
 * Files that must not reach the site carry marker strings the caller looks for in `dist/`.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DiagnosticCode } from '../../src/core/diagnostics.ts';
import { prng } from '../../bench/generate-vault.ts';

export type Category =
  | 'nesting' | 'huge-line' | 'many-links' | 'many-tags' | 'long-tag' | 'colliding-tags' | 'alias-bomb' | 'crlf'
  | 'utf16' | 'invalid-utf8' | 'binary' | 'unclosed' | 'random-bytes' | 'private' | 'symlink-out' | 'reserved-name'
  | 'endless-sql' | 'xss';

export const CATEGORIES: readonly Category[] = [
  'nesting', 'huge-line', 'many-links', 'many-tags', 'long-tag', 'colliding-tags', 'alias-bomb', 'crlf', 'utf16', 'invalid-utf8',
  'binary', 'unclosed', 'random-bytes', 'private', 'symlink-out', 'reserved-name', 'endless-sql', 'xss',
];

/** A problem put into the vault on purpose: the check must report it at this file (with this code, when given). */
export interface Injected {
  category: Category;
  file: string;
  code?: DiagnosticCode;
}

export interface HostileVault {
  dir: string;
  /** Problems the check and the build must report. */
  injected: Injected[];
  /** Strings that must appear nowhere in the built site: private notes' text, files outside the vault. */
  secrets: string[];
  /** Vault-relative paths of files written as attachments named like the site's own files. */
  reserved: string[];
}

const NESTINGS = [
  (n: number) => `${'>'.repeat(n)} deep quote`,
  (n: number) => `${'- '.repeat(n)}deep list`,
  (n: number) => Array.from({ length: Math.min(n, 300) }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n'),
  (n: number) => '*a*'.repeat(n),
  (n: number) => `${'['.repeat(n)}x`,
];

const UNCLOSED = [
  '```js\nconst open = "never closed";\n',
  '---\ntitle: never closed\nno end here\n',
  'text %% a comment that never ends\nmore text\n',
  '$$\n\\frac{1}{2}\nno closing\n',
  '> [!note] A callout\n> [!warning] another\n>',
  '<div><span><table><tr><td>open tags\n',
  '[[Unclosed link\n![[Unclosed embed\n',
];

const XSS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss=1">',
  '[click](javascript:window.__xss=1)',
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '<details open ontoggle="window.__xss=1">x</details>',
];

/**
 * Writes a hostile vault into `dir` (which must be empty) and, for the symlink category,
 * a secret file into `outsideDir` (a temporary directory, never the machine's own files).
 */
export function writeHostileVault(
  dir: string,
  outsideDir: string,
  options: { seed: number; perCategory: number; categories?: readonly Category[] },
): HostileVault {
  const next = prng(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const word = () => Array.from({ length: 3 + Math.floor(next() * 6) }, () => String.fromCharCode(97 + Math.floor(next() * 26))).join('');
  const injected: Injected[] = [];
  const secrets: string[] = [];
  const reserved: string[] = [];
  const write = (rel: string, content: string | Buffer) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  };
  const secret = (what: string) => {
    const marker = `SECRET-${what}-${Math.floor(next() * 1e9)}`;
    secrets.push(marker);
    return marker;
  };
  // A home and a link target, so the vault is a site and links resolve.
  write('index.md', '# Home\n\nA hostile vault. See [[Alpha]].\n');
  write('Alpha.md', '# Alpha\n\nThe target of many links.\n');

  for (const category of options.categories ?? CATEGORIES) {
    const heavy = category === 'huge-line' || category === 'many-links' || category === 'endless-sql';
    const count = heavy ? Math.min(options.perCategory, 2) : options.perCategory;
    for (let i = 0; i < count; i++) {
      const name = `${category}/${word()}-${i}`;
      const note = `${name}.md`;
      const inject = (code?: DiagnosticCode, file = note) => injected.push({ category, file, ...(code ? { code } : {}) });
      switch (category) {
        case 'nesting':
          write(note, `# Nesting\n\n${pick(NESTINGS)(10_000)}\n`);
          inject('note-limit');
          break;
        case 'huge-line':
          write(note, `# Huge line\n\n${`${word()} `.repeat(90_000)}\n`);
          inject('note-limit');
          break;
        case 'many-links':
          write(note, `# Links\n\n${Array.from({ length: 20_000 }, () => '[[Alpha]]').join(' ')}\n`);
          break;
        case 'many-tags':
          write(note, `# Tags\n\n${Array.from({ length: 5_000 }, (_, t) => `#t${t}${word()}`).join(' ')}\n`);
          inject('note-limit');
          break;
        case 'long-tag':
          // Tags of their own (a tag is reported once, at its first place in the vault).
          write(note, `---\ntags: [${'ж'.repeat(130)}${i}]\n---\n# Long tag\n\n#${'x'.repeat(256)}${i}\n`);
          inject();
          break;
        case 'colliding-tags':
          write(note, `# Colliding tags\n\n#k${i}c #k${i}c- #k${i}c++ #k${i}a-b\n`);
          write(`${name}-twin.md`, `---\ntags: ["k${i}c#", "k${i}a b"]\n---\n# Twin\n`);
          inject();
          break;
        case 'alias-bomb': {
          const list = (item: string) => `[${Array(9).fill(item).join(',')}]`;
          write(note, `---\na: &a ${list('lol')}\nb: &b ${list('*a')}\nc: &c ${list('*b')}\nd: &d ${list('*c')}\ne: &e ${list('*d')}\nf: ${list('*e')}\n---\n# Alias bomb\n`);
          inject('invalid-frontmatter');
          break;
        }
        case 'crlf':
          // Must render like LF: no problem to report.
          write(note, `---\r\ntitle: CRLF ${i}\r\n---\r\n> [!warning] Title\r\n> body [[Alpha]] #crlf\r\n`);
          break;
        case 'utf16':
          write(note, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`---\ntitle: UTF-16 ${i}\n---\n# Wide\n\n[[Alpha]]\n`, 'utf16le')]));
          break;
        case 'invalid-utf8':
          write(note, Buffer.concat([Buffer.from('# Broken bytes\n\n'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff]), Buffer.from('\n')]));
          inject();
          break;
        case 'binary':
          write(note, Buffer.from(Array.from({ length: 2_000 }, (_, b) => (b % 7 === 0 ? 0 : Math.floor(next() * 256)))));
          inject();
          break;
        case 'unclosed':
          write(note, `# Unclosed\n\n${pick(UNCLOSED)}`);
          break;
        case 'random-bytes':
          // Printable noise with Markdown's special characters: must not crash, may report anything.
          write(note, Array.from({ length: 4_000 }, () => pick('#>*_[]()!|`~$%=-+ \nabc\\<&;:^'.split(''))).join(''));
          break;
        case 'private': {
          const marker = secret('PRIVATE');
          write(note, `---\npublish: false\n---\n# Private\n\n${marker}\n\n![[${name}.png]]\n`);
          write(`${name}.png`, `${secret('PRIVATE-ATTACHMENT')}`);
          break;
        }
        case 'symlink-out': {
          const target = path.join(outsideDir, `outside-${i}.md`);
          writeFileSync(target, `# Outside\n\n${secret('OUTSIDE')}\n`);
          mkdirSync(path.dirname(path.join(dir, note)), { recursive: true });
          symlinkSync(target, path.join(dir, note));
          inject();
          break;
        }
        case 'reserved-name': {
          const file = pick(['404.html', 'robots.txt', 'pagefind/pagefind.js', '_astro/app.js', 'graph/data.json']);
          if (reserved.includes(file)) break;
          write(file, `${secret('RESERVED')}\n`);
          write(note, `# Reserved\n\n[[${file}]]\n`);
          reserved.push(file);
          inject(undefined, file);
          break;
        }
        case 'endless-sql':
          write(note, `# Endless\n\n\`\`\`sql\n${pick(['WITH RECURSIVE r AS (SELECT 1 UNION ALL SELECT 1 FROM r) SELECT count(*) FROM r;', 'SELECT pg_sleep(1e6);', 'DO $$ BEGIN LOOP PERFORM 1; END LOOP; END $$;'])}\n\`\`\`\n`);
          inject('sql-timeout');
          break;
        case 'xss':
          write(note, `# XSS ${i}\n\n${pick(XSS)}\n\n> [!note] ${pick(XSS)}\n\n| a |\n|---|\n| ${pick(XSS).replace(/\|/g, '\\|')} |\n`);
          break;
      }
    }
  }
  return { dir, injected, secrets, reserved };
}
