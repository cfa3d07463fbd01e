/**
 * Synthetic Obsidian vault for the benchmarks: deterministic (seeded PRNG), mixed Russian
 * (with real case/gender agreement) and English prose, nested folders, ~8 wikilinks per
 * note (some `|alias`, some `#Heading`, a few by folder path, a few unresolved), 2–3 tags
 * (frontmatter and inline, some nested), headings, one ```sql and one ```python block per
 * note, occasional callouts and embeds (note sections and small images).
 *
 *   node bench/generate-vault.ts <outDir> <count> [seed]
 *
 * Writes only into <outDir>, which must be under bench/.out/ or the OS temp directory.
 * `generateVault()` returns the same vault in memory, with the link model the benchmarks use.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------- PRNG

/** mulberry32: tiny, fast, good enough for test data; same seed, same vault. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, list: readonly T[]): T => list[int(r, list.length)];
const chance = (r: Rand, p: number) => r() < p;
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function pickDistinct<T>(r: Rand, list: readonly T[], n: number): T[] {
  const copy = [...list];
  const out: T[] = [];
  while (out.length < n && copy.length > 0) out.push(copy.splice(int(r, copy.length), 1)[0]);
  return out;
}

// ---------------------------------------------------------------- Russian grammar

type Gender = 'm' | 'f' | 'n';
type Case = 'nom' | 'gen' | 'dat' | 'acc' | 'ins' | 'prep';
interface RuNoun { forms: Record<Case, string>; g: Gender }

/** Singular case forms: nominative, genitive, dative, accusative, instrumental, prepositional. */
function noun(g: Gender, list: string): RuNoun {
  const [nom, gen, dat, acc, ins, prep] = list.split(' ');
  return { g, forms: { nom, gen, dat, acc, ins, prep } };
}

const RU_NOUNS: RuNoun[] = [
  noun('m', 'ключ ключа ключу ключ ключом ключе'),
  noun('m', 'запрос запроса запросу запрос запросом запросе'),
  noun('m', 'индекс индекса индексу индекс индексом индексе'),
  noun('m', 'столбец столбца столбцу столбец столбцом столбце'),
  noun('m', 'объект объекта объекту объект объектом объекте'),
  noun('m', 'атрибут атрибута атрибуту атрибут атрибутом атрибуте'),
  noun('m', 'план плана плану план планом плане'),
  noun('m', 'профиль профиля профилю профиль профилем профиле'),
  noun('m', 'пользователь пользователя пользователю пользователя пользователем пользователе'),
  noun('m', 'курсор курсора курсору курсор курсором курсоре'),
  noun('m', 'триггер триггера триггеру триггер триггером триггере'),
  noun('f', 'таблица таблицы таблице таблицу таблицей таблице'),
  noun('f', 'строка строки строке строку строкой строке'),
  noun('f', 'связь связи связи связь связью связи'),
  noun('f', 'сессия сессии сессии сессию сессией сессии'),
  noun('f', 'транзакция транзакции транзакции транзакцию транзакцией транзакции'),
  noun('f', 'модель модели модели модель моделью модели'),
  noun('f', 'схема схемы схеме схему схемой схеме'),
  noun('f', 'миграция миграции миграции миграцию миграцией миграции'),
  noun('f', 'база базы базе базу базой базе'),
  noun('f', 'блокировка блокировки блокировке блокировку блокировкой блокировке'),
  noun('n', 'ограничение ограничения ограничению ограничение ограничением ограничении'),
  noun('n', 'значение значения значению значение значением значении'),
  noun('n', 'соединение соединения соединению соединение соединением соединении'),
  noun('n', 'поле поля полю поле полем поле'),
  noun('n', 'представление представления представлению представление представлением представлении'),
];

const ANIMATE = new Set(['пользователь']);

/** Hard-stem adjectives (-ый) and two soft ones (-ий), declined to agree with the noun. */
const RU_ADJ_HARD = ['первичн', 'уникальн', 'отдельн', 'нов', 'стар', 'связанн', 'обычн', 'временн', 'явн', 'ленив', 'полн', 'точн', 'сложн', 'быстр', 'частичн', 'медленн'];
const RU_ADJ_SOFT = ['внешн', 'последн', 'лишн'];
const HARD: Record<Gender, Record<Case, string>> = {
  m: { nom: 'ый', gen: 'ого', dat: 'ому', acc: 'ый', ins: 'ым', prep: 'ом' },
  f: { nom: 'ая', gen: 'ой', dat: 'ой', acc: 'ую', ins: 'ой', prep: 'ой' },
  n: { nom: 'ое', gen: 'ого', dat: 'ому', acc: 'ое', ins: 'ым', prep: 'ом' },
};
const SOFT: Record<Gender, Record<Case, string>> = {
  m: { nom: 'ий', gen: 'его', dat: 'ему', acc: 'ий', ins: 'им', prep: 'ем' },
  f: { nom: 'яя', gen: 'ей', dat: 'ей', acc: 'юю', ins: 'ей', prep: 'ей' },
  n: { nom: 'ее', gen: 'его', dat: 'ему', acc: 'ее', ins: 'им', prep: 'ем' },
};
const RU_ADJS = [...RU_ADJ_HARD.map((stem) => ({ stem, soft: false })), ...RU_ADJ_SOFT.map((stem) => ({ stem, soft: true }))];
type RuAdj = (typeof RU_ADJS)[number];

function adj(a: RuAdj, n: RuNoun, c: Case): string {
  // Masculine animate accusative takes the genitive ending: «первичного пользователя».
  const caseForm = c === 'acc' && n.g === 'm' && ANIMATE.has(n.forms.nom) ? 'gen' : c;
  return a.stem + (a.soft ? SOFT : HARD)[n.g][caseForm];
}

/** Present 3sg, 3pl, past m/f/n. */
interface RuVerb { sg: string; pl: string; past: Record<Gender, string> }
function verb(list: string): RuVerb {
  const [sg, pl, pastStem] = list.split(' ');
  return { sg, pl, past: { m: pastStem, f: `${pastStem}а`, n: `${pastStem}о` } };
}
const RU_VERBS: RuVerb[] = [
  verb('хранит хранят хранил'), verb('определяет определяют определял'), verb('задаёт задают задавал'),
  verb('проверяет проверяют проверял'), verb('возвращает возвращают возвращал'), verb('создаёт создают создавал'),
  verb('удаляет удаляют удалял'), verb('загружает загружают загружал'), verb('блокирует блокируют блокировал'),
  verb('ускоряет ускоряют ускорял'), verb('описывает описывают описывал'), verb('содержит содержат содержал'),
  verb('обновляет обновляют обновлял'), verb('заменяет заменяют заменял'),
];
const RU_TECH = ['SQLAlchemy', 'PostgreSQL', '`session.flush()`', '`relationship()`', '`ForeignKey`', 'ORM', '`EXPLAIN ANALYZE`', '`selectinload`', 'Alembic', '`VACUUM`'];

function np(r: Rand, c: Case): string {
  const n = pick(r, RU_NOUNS);
  return chance(r, 0.5) ? `${adj(pick(r, RU_ADJS), n, c)} ${n.forms[c]}` : n.forms[c];
}

/** «с таблицей», but «со строкой», «со схемой». */
const withS = (phrase: string) => (/^с[^аеёиоуыэюя]/.test(phrase) ? `со ${phrase}` : `с ${phrase}`);

function ruSentence(r: Rand): string {
  const s = pick(r, RU_NOUNS);
  const v = pick(r, RU_VERBS);
  switch (int(r, 8)) {
    case 0: return `${cap(adj(pick(r, RU_ADJS), s, 'nom'))} ${s.forms.nom} ${v.sg} ${np(r, 'acc')} ${np(r, 'gen')}.`;
    case 1: return `В ${np(r, 'prep')} ${s.forms.nom} ${v.past[s.g]} ${np(r, 'acc')}.`;
    case 2: return `Без ${np(r, 'gen')} ${s.forms.nom} не ${v.sg} ${np(r, 'acc')}.`;
    case 3: return `Если ${s.forms.nom} ${v.sg} ${np(r, 'acc')}, то ${np(r, 'nom')} ${pick(r, RU_VERBS).sg} ${np(r, 'acc')}.`;
    case 4: return `В ${pick(r, RU_TECH)} ${np(r, 'nom')} ${v.sg} ${np(r, 'acc')} вместе ${withS(np(r, 'ins'))}.`;
    case 5: return `Перед ${np(r, 'ins')} стоит проверить ${np(r, 'acc')} и ${np(r, 'acc')}.`;
    case 6: return `${cap(s.forms.nom)} ${v.sg} ${np(r, 'acc')}, а ${pick(r, RU_TECH)} ${pick(r, RU_VERBS).sg} ${np(r, 'acc')}.`;
    default: return `По ${np(r, 'dat')} видно, что ${s.forms.nom} ${v.past[s.g]} ${np(r, 'acc')} ${np(r, 'gen')}.`;
  }
}

// ---------------------------------------------------------------- English

const EN_NOUNS = ['key', 'query', 'index', 'column', 'object', 'attribute', 'plan', 'profile', 'user', 'cursor', 'trigger', 'table', 'row', 'relationship', 'session', 'transaction', 'model', 'schema', 'migration', 'database', 'lock', 'constraint', 'value', 'connection', 'field', 'view'];
const EN_ADJS = ['primary', 'unique', 'separate', 'new', 'old', 'related', 'plain', 'temporary', 'explicit', 'lazy', 'full', 'exact', 'complex', 'composite', 'partial', 'stale', 'foreign', 'last'];
const EN_VERBS = ['stores', 'defines', 'sets', 'checks', 'returns', 'creates', 'deletes', 'loads', 'locks', 'speeds up', 'describes', 'holds', 'updates', 'replaces'];
const EN_TECH = ['SQLAlchemy', 'PostgreSQL', '`session.flush()`', '`relationship()`', '`ForeignKey`', 'the ORM', '`EXPLAIN ANALYZE`', '`selectinload`', 'Alembic', '`VACUUM`'];

const plural = (noun: string) => (/[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : /(x|s)$/.test(noun) ? `${noun}es` : `${noun}s`);

function enNp(r: Rand): string {
  const phrase = `${chance(r, 0.5) ? `${pick(r, EN_ADJS)} ` : ''}${pick(r, EN_NOUNS)}`;
  return `${chance(r, 0.5) ? 'the' : /^[aeio]/.test(phrase) ? 'an' : 'a'} ${phrase}`;
}

function enSentence(r: Rand): string {
  switch (int(r, 6)) {
    case 0: return `${cap(enNp(r))} ${pick(r, EN_VERBS)} ${enNp(r)} of ${enNp(r)}.`;
    case 1: return `When ${enNp(r)} ${pick(r, EN_VERBS)} ${enNp(r)}, ${enNp(r)} ${pick(r, EN_VERBS)} ${enNp(r)}.`;
    case 2: return `In ${pick(r, EN_TECH)}, ${enNp(r)} ${pick(r, EN_VERBS)} ${enNp(r)} together with ${enNp(r)}.`;
    case 3: return `Without ${enNp(r)}, ${enNp(r)} never ${pick(r, EN_VERBS)} ${enNp(r)}.`;
    case 4: return `Check ${enNp(r)} before ${pick(r, EN_TECH)} ${pick(r, EN_VERBS)} ${enNp(r)}.`;
    default: return `${cap(enNp(r))} ${pick(r, EN_VERBS)} ${enNp(r)}, while ${pick(r, EN_TECH)} ${pick(r, EN_VERBS)} ${enNp(r)}.`;
  }
}

// ---------------------------------------------------------------- vault model

const RU_HEADINGS = ['Модели', 'Что это значит для базы', 'Ограничения', 'Пример запроса', 'Миграции', 'Типичные ошибки', 'Производительность', 'Индексы', 'Транзакции', 'Подводные камни', 'Итоги', 'Как это устроено'];
const EN_HEADINGS = ['Models', 'What the database sees', 'Constraints', 'Example query', 'Migrations', 'Pitfalls', 'Performance', 'Indexes', 'Transactions', 'Summary', 'How it works', 'See also'];
const TAGS = ['sql', 'postgres', 'python', 'sqlalchemy/orm', 'sqlalchemy/core', 'db/indexes', 'db/transactions', 'db/postgres/vacuum', 'миграции', 'связи', 'производительность', 'orm/связи/один-к-одному', 'черновик', 'howto'];
const TOP_FOLDERS = ['Базы данных', 'Python', 'SQLAlchemy', 'PostgreSQL', 'English', 'Архив', 'Проекты'];
const SUB_FOLDERS = ['Основы', 'ORM', 'Core', 'Индексы', 'Транзакции', 'Миграции', 'Guides', 'Reference', '2023', '2024', 'Разное', 'Черновики'];
const CALLOUTS = ['note', 'warning', 'tip', 'info', 'example'];
const IMAGES = 12;
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export interface GenLink { target: string; embed: boolean }
export interface GenNote {
  path: string;
  title: string;
  lang: 'ru' | 'en';
  headings: { depth: number; text: string }[];
  aliases: string[];
  links: GenLink[];
}
export interface GeneratedVault {
  notes: GenNote[];
  /** Vault-relative path → content. */
  files: Map<string, string | Buffer>;
}

function makeFolders(r: Rand, count: number): string[] {
  const folders = [''];
  const wanted = Math.max(6, Math.round(count / 25));
  for (const top of TOP_FOLDERS) folders.push(top);
  for (let attempts = 0; folders.length < wanted && attempts < wanted * 20; attempts++) {
    const parent = pick(r, folders.filter((f) => f && f.split('/').length < 3));
    const child = `${parent}/${pick(r, SUB_FOLDERS)}`;
    if (!folders.includes(child)) folders.push(child);
  }
  return folders;
}

function makeTitle(r: Rand, lang: 'ru' | 'en', taken: Set<string>): string {
  let base: string;
  if (lang === 'ru') {
    const n = pick(r, RU_NOUNS);
    base = cap(`${adj(pick(r, RU_ADJS), n, 'nom')} ${n.forms.nom} ${pick(r, RU_NOUNS).forms.gen}`);
  } else {
    base = cap(`${pick(r, EN_ADJS)} ${pick(r, EN_NOUNS)} ${pick(r, ['and', 'in', 'of', 'for', 'vs'])} ${plural(pick(r, EN_NOUNS))}`);
  }
  let title = base;
  for (let i = 2; taken.has(title.toLowerCase()); i++) title = `${base} ${i}`;
  taken.add(title.toLowerCase());
  return title;
}

/** The note model first (titles, folders, headings), so links can point at headings that exist. */
function planNotes(r: Rand, count: number): GenNote[] {
  const folders = makeFolders(r, count);
  const taken = new Set<string>(['index']);
  const notes: GenNote[] = [{ path: 'index.md', title: 'index', lang: 'ru', headings: [{ depth: 2, text: 'Разделы' }], aliases: ['Главная'], links: [] }];
  for (let i = 1; i < count; i++) {
    const lang = chance(r, 0.7) ? 'ru' : 'en';
    const title = makeTitle(r, lang, taken);
    const folder = lang === 'en' && chance(r, 0.6) ? pick(r, folders.filter((f) => f.startsWith('English'))) : pick(r, folders);
    const names = pickDistinct(r, lang === 'ru' ? RU_HEADINGS : EN_HEADINGS, 3 + int(r, 3));
    const headings = names.map((text, j) => ({ depth: j > 0 && chance(r, 0.3) ? 3 : 2, text }));
    const aliases = chance(r, 0.3) ? [`${title} (${lang === 'ru' ? 'кратко' : 'short'})`] : [];
    notes.push({ path: `${folder ? `${folder}/` : ''}${title}.md`, title, lang, headings, aliases, links: [] });
  }
  return notes;
}

/** Link targets: mostly uniform, a third skewed to early notes so some become hubs with many backlinks. */
function pickTarget(r: Rand, notes: GenNote[], self: number): GenNote {
  for (;;) {
    const i = chance(r, 0.3) ? Math.floor(notes.length * r() ** 3) : int(r, notes.length);
    if (i !== self && i !== 0) return notes[i];
  }
}

function linkMarkup(r: Rand, source: GenNote, target: GenNote): string {
  const kind = r();
  const pathPart = chance(r, 0.05) ? target.path.replace(/\.md$/, '') : target.title;
  let written: string;
  let alias = '';
  if (kind < 0.55) written = pathPart;
  else if (kind < 0.75) {
    written = pathPart;
    alias = source.lang === 'ru' ? np(r, 'nom') : enNp(r);
  } else {
    written = `${pathPart}#${pick(r, target.headings).text}`;
    if (kind > 0.95) alias = source.lang === 'ru' ? 'подробнее' : 'details';
  }
  source.links.push({ target: written, embed: false });
  return `[[${written}${alias ? `|${alias}` : ''}]]`;
}

function paragraph(r: Rand, note: GenNote, notes: GenNote[], index: number, links: number): string {
  const sentence = note.lang === 'ru' ? ruSentence : enSentence;
  const parts: string[] = [];
  const n = 3 + int(r, 3);
  for (let i = 0; i < n; i++) {
    let s = sentence(r);
    if (i < links) {
      const link = linkMarkup(r, note, pickTarget(r, notes, index));
      s = chance(r, 0.5)
        ? s.replace(/\.$/, ` (${note.lang === 'ru' ? 'см.' : 'see'} ${link}).`)
        : `${note.lang === 'ru' ? 'Подробнее в' : 'More in'} ${link}. ${s}`;
    }
    parts.push(s);
  }
  return parts.join(' ');
}

function sqlBlock(r: Rand, i: number): string {
  const table = `${plural(pick(r, EN_NOUNS))}_${i}`;
  const other = plural(pick(r, EN_NOUNS));
  return [
    '```sql',
    `CREATE TABLE ${table} (`,
    '    id         integer PRIMARY KEY,',
    `    ${other}_id integer NOT NULL REFERENCES ${other} (id),`,
    `    name       text NOT NULL${chance(r, 0.5) ? ' UNIQUE' : ''},`,
    "    created_at timestamptz NOT NULL DEFAULT now()",
    ');',
    '',
    `SELECT t.name, count(*) AS n FROM ${table} t JOIN ${other} o ON o.id = t.${other}_id`,
    `WHERE t.created_at > now() - interval '${1 + int(r, 30)} days' GROUP BY t.name ORDER BY n DESC LIMIT ${5 + int(r, 50)};`,
    '```',
  ].join('\n');
}

function pythonBlock(r: Rand, i: number): string {
  const name = cap(pick(r, EN_NOUNS)) + i;
  const other = cap(pick(r, EN_NOUNS));
  return [
    '```python',
    'from sqlalchemy import ForeignKey',
    'from sqlalchemy.orm import Mapped, mapped_column, relationship',
    '',
    '',
    `class ${name}(Base):`,
    `    __tablename__ = "${name.toLowerCase()}s"`,
    '',
    '    id: Mapped[int] = mapped_column(primary_key=True)',
    `    ${other.toLowerCase()}_id: Mapped[int] = mapped_column(ForeignKey("${plural(other.toLowerCase())}.id"))`,
    `    ${other.toLowerCase()}: Mapped["${other}"] = relationship(lazy="${pick(r, ['select', 'selectin', 'joined'])}")`,
    '```',
  ].join('\n');
}

function noteText(r: Rand, note: GenNote, notes: GenNote[], index: number): string {
  const ru = note.lang === 'ru';
  const tags = pickDistinct(r, TAGS, 2 + int(r, 2));
  const inFrontmatter = tags.slice(0, 1 + int(r, tags.length - 1));
  const inline = tags.slice(inFrontmatter.length);
  const fm = ['---', `tags: [${inFrontmatter.join(', ')}]`];
  if (note.aliases.length) fm.push(`aliases: [${note.aliases.map((a) => JSON.stringify(a)).join(', ')}]`);
  if (chance(r, 0.5)) fm.push(`lang: ${note.lang}`);
  if (chance(r, 0.3)) fm.push(`updated: 2024-${String(1 + int(r, 12)).padStart(2, '0')}-${String(1 + int(r, 28)).padStart(2, '0')}`);
  fm.push('---');

  // ~8 links per note, spread over the intro and the sections.
  const sections = note.headings.length;
  let linksLeft = 7 + int(r, 3);
  const out = [fm.join('\n'), `# ${note.title}`, paragraph(r, note, notes, index, 2)];
  linksLeft -= 2;
  if (inline.length) out.push(`${ru ? 'Теги' : 'Tags'}: ${inline.map((t) => `#${t}`).join(' ')}`);
  note.headings.forEach((h, s) => {
    out.push(`${'#'.repeat(h.depth)} ${h.text}`);
    const share = s === sections - 1 ? linksLeft : Math.min(linksLeft, 1 + int(r, 2));
    linksLeft -= share;
    out.push(paragraph(r, note, notes, index, Math.min(share, 2)));
    for (let extra = 2; extra < share; extra++) out.push(`- ${linkMarkup(r, note, pickTarget(r, notes, index))}`);
    if (s === 0) out.push(sqlBlock(r, index));
    if (s === 1) out.push(pythonBlock(r, index));
    if (s === 1 && chance(r, 0.25)) {
      const lines = [`> [!${pick(r, CALLOUTS)}] ${ru ? 'Важно' : 'Note'}`, `> ${ru ? ruSentence(r) : enSentence(r)}`, `> ${ru ? ruSentence(r) : enSentence(r)}`];
      out.push(lines.join('\n'));
    }
    if (s === 2 && chance(r, 0.2)) {
      const target = pickTarget(r, notes, index);
      const written = `${target.title}#${pick(r, target.headings).text}`;
      note.links.push({ target: written, embed: true });
      out.push(`![[${written}]]`);
    }
    if (s === 2 && chance(r, 0.05)) {
      const image = `Attachments/diagram-${int(r, IMAGES)}.png`;
      note.links.push({ target: image.slice('Attachments/'.length), embed: true });
      out.push(`![[${image.slice('Attachments/'.length)}|300]]`);
    }
  });
  if (chance(r, 0.02)) {
    const missing = ru ? 'Заметка, которой ещё нет' : 'A note that does not exist yet';
    note.links.push({ target: missing, embed: false });
    out.push(`${ru ? 'Скоро:' : 'Soon:'} [[${missing}]]`);
  }
  return `${out.join('\n\n')}\n`;
}

/** The home note: prose and links only, no code (the page-weight benchmark uses it). */
function homeText(r: Rand, notes: GenNote[]): string {
  const home = notes[0];
  const items = notes.slice(1, 11).map((n) => {
    home.links.push({ target: n.title, embed: false });
    return `- [[${n.title}]] — ${ruSentence(r)}`;
  });
  return `---\ntitle: Синтетическая база знаний\naliases: [Главная]\ntags: [старт]\nlang: ru\n---\n${ruSentence(r)} ${ruSentence(r)}\n\n## Разделы\n\n${items.join('\n')}\n`;
}

export function generateVault(count: number, seed = 1): GeneratedVault {
  const r = prng(seed);
  const notes = planNotes(r, count);
  const files = new Map<string, string | Buffer>();
  for (let i = 1; i < notes.length; i++) files.set(notes[i].path, noteText(r, notes[i], notes, i));
  files.set('index.md', homeText(r, notes));
  for (let i = 0; i < IMAGES; i++) files.set(`Attachments/diagram-${i}.png`, PNG);
  files.set('.obsidian/app.json', '{}\n');
  return { notes, files };
}

const MARKER = '.bench-vault';

/** Writes the vault into outDir (emptied first, if it is an earlier generated vault). */
export function writeVault(outDir: string, count: number, seed = 1): GeneratedVault {
  const abs = path.resolve(outDir);
  const allowed = [path.resolve(path.dirname(fileURLToPath(import.meta.url)), '.out'), os.tmpdir()].map((p) => p + path.sep);
  if (!allowed.some((root) => abs.startsWith(root))) throw new Error(`refusing to write outside ${allowed.join(' or ')}: ${abs}`);
  if (existsSync(abs) && readdirSync(abs).length > 0) {
    if (!existsSync(path.join(abs, MARKER))) throw new Error(`${abs} is not empty and is not a generated vault; not touching it`);
    rmSync(abs, { recursive: true });
  }
  const vault = generateVault(count, seed);
  for (const [rel, content] of vault.files) {
    const file = path.join(abs, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  writeFileSync(path.join(abs, MARKER), `${count} notes, seed ${seed}\n`);
  return vault;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [outDir, countArg, seedArg] = process.argv.slice(2);
  const count = Number(countArg);
  if (!outDir || !Number.isInteger(count) || count < 3) {
    console.error('usage: node bench/generate-vault.ts <outDir> <count> [seed]');
    process.exit(2);
  }
  const vault = writeVault(outDir, count, seedArg ? Number(seedArg) : 1);
  const links = vault.notes.reduce((sum, n) => sum + n.links.length, 0);
  console.log(`${outDir}: ${vault.notes.length} notes, ${links} links, ${vault.files.size} files`);
}
