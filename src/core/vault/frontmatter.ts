/**
 * Frontmatter as Obsidian, Jekyll and Hugo authors write it. Unknown keys are kept,
 * known ones are normalised (`tags` as a list or a string, `aliases`/`alias`, `publish`,
 * `draft`, `title`, `lang`, dates). A broken block is reported with its position and the
 * note still renders, without it.
 */
import { isAlias, isMap, isScalar, LineCounter, parseDocument, visit } from 'yaml';

export interface FrontmatterIssue {
  line: number;
  column: number;
  message: string;
}

export interface NoteFrontmatter {
  title?: string;
  aliases: string[];
  tags: { name: string; line: number }[];
  /** False for `publish: false` or `draft: true`: the note is left out of the site. */
  publish: boolean;
  lang?: string;
  description?: string;
  /** Last-modified date the author wrote down, if any. */
  updated?: Date;
  data: Record<string, unknown>;
}

export interface SplitNote {
  frontmatter: NoteFrontmatter;
  /** False when the block is there but could not be read (broken YAML, an alias bomb, not a mapping). */
  readable: boolean;
  /** The note with its frontmatter blanked out line for line, so positions stay file positions. */
  body: string;
  issues: FrontmatterIssue[];
}

const FENCE = /^---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/m;
/** Spellings of yes and no that Obsidian and YAML 1.1 users write (`publish: no`, `draft: "true"`). */
const YES = /^(?:true|yes|on|y)$/i;
const NO = /^(?:false|no|off|n)$/i;
/** `publish: false` or `draft: true` (any spelling above, quoted or not) on a line of its own, read even from a block YAML cannot parse. */
const UNPUBLISHED_LINE = /^(?:publish[ \t]*:[ \t]*(["']?)(?:false|no|off|n)\1|draft[ \t]*:[ \t]*(["']?)(?:true|yes|on|y)\2)[ \t]*(?:#.*)?$/im;
/** Aliases a frontmatter block may expand (yaml's default): more is an alias bomb, refused. */
const MAX_ALIAS_COUNT = 100;
const UPDATED_KEYS = ['updated', 'modified', 'last_modified', 'lastmod', 'last-modified', 'date modified', 'date'];

function emptyFrontmatter(): NoteFrontmatter {
  return { aliases: [], tags: [], publish: true, data: {} };
}

/** The frontmatter block's YAML (undefined without a closed block) and the body with the block blanked. */
function frontmatterBlock(source: string): { yamlText?: string; body: string; unclosed: boolean } {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const open = FENCE.exec(text);
  if (!open) return { body: text, unclosed: false };
  const rest = text.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) return { body: text, unclosed: true };
  const blockEnd = open[0].length + close.index + close[0].length;
  return { yamlText: rest.slice(0, close.index), body: text.slice(0, blockEnd).replace(/[^\n]/g, '') + text.slice(blockEnd), unclosed: false };
}

/** The body alone, as splitFrontmatter gives it, without parsing the YAML (for re-reads). */
export function noteBody(source: string): string {
  return frontmatterBlock(source).body;
}

/**
 * `uniqueKeys`: a key written twice is an error (MDX's frontmatter reader refuses it; for
 * `.md` notes the last one wins, as in Obsidian).
 */
export function splitFrontmatter(source: string, options: { uniqueKeys?: boolean } = {}): SplitNote {
  const { yamlText, body, unclosed } = frontmatterBlock(source);
  const issues: FrontmatterIssue[] = [];
  if (unclosed) issues.push({ line: 1, column: 1, message: 'frontmatter is opened with --- but never closed; the block is shown as text' });
  const parsed = yamlText === undefined ? { frontmatter: emptyFrontmatter(), readable: true } : parseYamlBlock(yamlText, issues, options.uniqueKeys === true);
  return { ...parsed, body, issues };
}

function parseYamlBlock(yamlText: string, issues: FrontmatterIssue[], uniqueKeys: boolean): { frontmatter: NoteFrontmatter; readable: boolean } {
  const frontmatter = readYamlBlock(yamlText, issues, uniqueKeys);
  // An unreadable block is dropped, but a typo elsewhere in it must not publish a note marked private.
  return typeof frontmatter === 'string' ? { frontmatter: { ...emptyFrontmatter(), publish: !UNPUBLISHED_LINE.test(yamlText) }, readable: false } : { frontmatter, readable: true };
}

/** The block's frontmatter, or 'unreadable' (issues reported) when it is dropped. */
function readYamlBlock(yamlText: string, issues: FrontmatterIssue[], uniqueKeys: boolean): NoteFrontmatter | 'unreadable' {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys });
  // YAML lines are counted from the line after the opening `---`.
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + 1, column: pos.col };
  };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      issues.push({ ...at(error.pos[0]), message: `invalid frontmatter: ${error.message.split('\n')[0]}` });
    }
    return 'unreadable';
  }
  const fm = emptyFrontmatter();
  if (doc.contents === null) return fm;
  if (!isMap(doc.contents)) {
    issues.push({ line: 2, column: 1, message: 'frontmatter must be a mapping of keys to values; it is ignored' });
    return 'unreadable';
  }
  let data: Record<string, unknown>;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>;
  } catch (error) {
    // An alias bomb (`b: [*a, *a, …]` nested) would expand to billions of nodes; yaml stops it here.
    issues.push({ ...firstAliasAt(doc, at), message: `invalid frontmatter: ${(error as Error).message}; the block is ignored` });
    return 'unreadable';
  }
  fm.data = data ?? {};
  const lineOf = (key: string): number => {
    const pair = (doc.contents as { items: { key: unknown }[] }).items.find(
      (item) => isScalar(item.key) && String(item.key.value).toLowerCase() === key,
    );
    const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
    return range ? at(range[0]).line : 2;
  };
  const entries = new Map(Object.entries(fm.data).map(([k, v]) => [k.toLowerCase(), v]));
  const problem = (key: string, message: string) => issues.push({ line: lineOf(key), column: 1, message });

  const title = entries.get('title');
  if (typeof title === 'string' || typeof title === 'number') fm.title = String(title).trim() || undefined;
  else if (title != null) problem('title', '`title` should be text; it is ignored');

  for (const key of ['aliases', 'alias']) {
    const value = entries.get(key);
    if (value == null) continue;
    const list = stringList(value, /,/);
    if (list === undefined) problem(key, `\`${key}\` should be a list of names or a string; it is ignored`);
    else fm.aliases.push(...list);
  }

  for (const key of ['tags', 'tag']) {
    const value = entries.get(key);
    if (value == null) continue;
    const list = stringList(value, /[,\s]+/);
    if (list === undefined) problem(key, `\`${key}\` should be a list of tags or a string; it is ignored`);
    else for (const name of list) fm.tags.push({ name: name.replace(/^#/, ''), line: lineOf(key) });
  }

  const flag = (key: 'publish' | 'draft'): boolean | undefined => {
    const value = entries.get(key);
    if (value == null || typeof value === 'boolean') return value ?? undefined;
    if (typeof value === 'string' && YES.test(value.trim())) return true;
    if (typeof value === 'string' && NO.test(value.trim())) return false;
    problem(key, `\`${key}\` should be true or false (or yes/no); ${JSON.stringify(value)} is ignored`);
    return undefined;
  };
  if (flag('publish') === false || flag('draft') === true) fm.publish = false;

  const lang = entries.get('lang') ?? entries.get('language');
  if (typeof lang === 'string' && /^[a-z]{2,3}(?:-[a-z0-9]+)*$/i.test(lang.trim())) fm.lang = lang.trim().toLowerCase();
  else if (lang != null) problem(entries.has('lang') ? 'lang' : 'language', '`lang` should be a language code such as `ru` or `en`');

  const description = entries.get('description') ?? entries.get('summary');
  if (typeof description === 'string' && description.trim()) fm.description = description.trim();

  for (const key of UPDATED_KEYS) {
    const date = toDate(entries.get(key));
    if (date) {
      fm.updated = date;
      break;
    }
  }
  return fm;
}

/** Where the block's first alias (`*a`) is, for a block whose aliases expand too far. */
function firstAliasAt(doc: ReturnType<typeof parseDocument>, at: (offset: number) => { line: number; column: number }) {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node) && node.range) offset = node.range[0];
      return visit.BREAK;
    },
  });
  return offset === undefined ? { line: 2, column: 1 } : at(offset);
}

/** A YAML list of scalars, or one string split by `separator`. Undefined when it is neither. */
function stringList(value: unknown, separator: RegExp): string[] | undefined {
  if (typeof value === 'string') return value.split(separator).map((s) => s.trim()).filter(Boolean);
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) {
    if (!value.every((v) => v == null || typeof v === 'string' || typeof v === 'number')) return undefined;
    return value.filter((v) => v != null).map((v) => String(v).trim()).filter(Boolean);
  }
  return undefined;
}

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value.trim())) return undefined;
  const date = new Date(value.trim());
  return Number.isNaN(date.getTime()) ? undefined : date;
}
