/**
 * The string table (src/core/i18n): every language file is listed, has every key of en.ts
 * with the same {placeholders}, and every plural form its language's rules choose; pages
 * and rendered notes speak the page's language.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/core/i18n/en.ts';
import { LANGUAGES, pageLanguage, plural, translatedLanguage, type Plural } from '../../src/core/i18n/strings.ts';
import { formatDate, ui } from '../../src/components/i18n.ts';
import { memorySite } from './helpers.ts';
import { describeChange } from '../../src/core/schema/changes.ts';
import type { ChangeNode } from '../../src/core/schema/types.ts';
import { verdict } from '../../src/core/lab/expectations.ts';
import { LabSpecError, parseLab } from '../../src/core/lab/spec-parser.ts';
import { labTextIn, type LabText } from '../../src/core/lab/lab-text.ts';
import { PARSE_ERRORS } from './lab-parse-errors.ts';
import type { Transcript, TranscriptEvent } from '../../src/core/lab/scenario.ts';

const DIR = path.resolve(import.meta.dirname, '../../src/core/i18n');
const REQUIRED = ['en', 'ru', 'it', 'de', 'fr', 'es', 'pt', 'zh', 'ja', 'ko', 'uk', 'pl'];

/** Every leaf as `section.key` (plural forms as `key.one` …) → its text. */
function leaves(table: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(table)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, value);
    else for (const [k, v] of leaves(value as object, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const isPlural = (value: unknown): value is Plural => typeof value === 'object' && value !== null && 'other' in value;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Keys of en.ts with their placeholders; a plural's forms all count as one key. */
function keysOf(table: object, prefix = ''): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of Object.entries(table)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, placeholders(value));
    else if (isPlural(value)) out.set(`${prefix}${key}`, placeholders(value.other));
    else for (const [k, v] of keysOf(value as object, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

function plurals(table: object, prefix = ''): [string, Plural][] {
  return Object.entries(table).flatMap(([key, value]): [string, Plural][] =>
    typeof value === 'string' ? [] : isPlural(value) ? [[`${prefix}${key}`, value]] : plurals(value as object, `${prefix}${key}.`));
}

describe('the string table', () => {
  it('lists every language file, and has the twelve languages the site promises', () => {
    const files = fs.readdirSync(DIR).filter((f) => !['strings.ts', 'types.ts', 'format.ts'].includes(f) && f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(Object.keys(LANGUAGES).sort()).toEqual(files);
    expect(files).toEqual(expect.arrayContaining(REQUIRED));
  });

  const reference = keysOf(en);
  for (const [lang, table] of Object.entries(LANGUAGES)) {
    it(`${lang}: every key of en.ts, with the same placeholders, nothing else, nothing empty`, () => {
      const keys = keysOf(table);
      expect([...keys.keys()].sort()).toEqual([...reference.keys()].sort());
      const wrong = [...reference].filter(([key, slots]) => keys.get(key)?.join() !== slots.join()).map(([key]) => key);
      expect(wrong).toEqual([]);
      expect([...leaves(table)].filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
      // Every plural form the language's rules can choose, each with the placeholders of `other`.
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const [key, forms] of plurals(table)) {
        for (const category of categories) {
          expect(forms[category], `${lang} ${key}.${category}`).toBeDefined();
          expect(placeholders(forms[category]!), `${lang} ${key}.${category}`).toEqual(placeholders(forms.other));
        }
      }
    });
  }
});

describe('what the change views and the lab write', () => {
  const node = (rows: number, cause: ChangeNode['cause']): ChangeNode => ({
    table: 'posts',
    op: 'DELETE',
    cause,
    rows: Array.from({ length: rows }, (_, id) => ({ old: { id } })),
    children: [],
  });
  const cascade = { kind: 'referential', action: 'ON DELETE CASCADE', constraint: 'posts_user_id_fkey' } as const;

  it('words a change tree’s lines in the page’s language, with its plural forms; SQL stays SQL', () => {
    expect(describeChange(node(2, cascade), en.sql, 'en')).toBe('posts: 2 rows deleted by ON DELETE CASCADE of posts_user_id_fkey');
    expect([1, 3, 5].map((n) => describeChange(node(n, { kind: 'direct' }), LANGUAGES.ru.sql, 'ru'))).toEqual([
      'posts: удалена 1 строка',
      'posts: удалены 3 строки',
      'posts: удалено 5 строк',
    ]);
    expect(describeChange(node(2, cascade), LANGUAGES.it.sql, 'it')).toBe('posts: 2 righe eliminate da ON DELETE CASCADE di posts_user_id_fkey');
  });

  it('gives the lab’s verdict in the page’s language: the author’s label, levels and SQLSTATEs as written', () => {
    const scenario = parseLab('-- steps\nA: BEGIN;\nA: UPDATE t SET v = 1;\nA: COMMIT;\n-- expect\nread committed: 40001 at A2; prevented');
    const transcript = (code?: string): Transcript => ({
      level: 'read committed',
      permutation: ['A1', 'A2', 'A3'],
      events: ['A1', 'A2', 'A3'].map((step): TranscriptEvent => ({ kind: 'done', step, session: 'A', result: step === 'A2' && code ? { error: { code, message: 'could not serialize access' } } : { tag: 'COMMIT' } })),
    });
    expect(verdict(scenario, 'read committed', transcript('40001'), en.labText).line).toBe('prevented under READ COMMITTED: 40001 on step A2');
    expect(verdict(scenario, 'read committed', transcript('40001'), LANGUAGES.ru.labText).line).toBe('prevented при READ COMMITTED: 40001 на шаге A2');
    const failed = verdict(scenario, 'read committed', transcript(), LANGUAGES.de.labText);
    expect(failed.status).toBe('fail');
    expect(failed.line).toBe('prevented unter READ COMMITTED erwartet, aber Schritt A2 schlug nicht mit 40001 fehl: er meldete COMMIT');
  });
});

describe('the lab parser’s errors, which a reader meets in the step editor', () => {
  const textOf = (text: string, format: 'isolationtester' | 'compact'): LabText => {
    try {
      parseLab(text, { format });
    } catch (error) {
      if (error instanceof LabSpecError) return error.text;
      throw error;
    }
    throw new Error(`parsed: ${text}`);
  };
  /** The `labText.parse` keys a text uses, its values' included. */
  const keysIn = (text: LabText): string[] => [
    text.key,
    ...Object.values(text.values).flatMap((value) => (typeof value === 'object' ? [value].flat().flatMap(keysIn) : [])),
  ];
  const errors = PARSE_ERRORS.map(({ key, text, format }) => ({ key, text: textOf(text, format) }));

  it('covers every text of labText.parse, each case the error or phrase it is about', () => {
    for (const { key, text } of errors) expect(keysIn(text), key).toContain(key);
    expect([...new Set(errors.flatMap(({ text }) => keysIn(text)))].sort()).toEqual(Object.keys(en.labText.parse).sort());
  });

  for (const [lang, table] of Object.entries(LANGUAGES)) {
    it(`${lang}: words every parse error, all its slots filled${lang === 'en' ? '' : ', not in English'}`, () => {
      for (const { key, text } of errors) {
        const worded = labTextIn(table.labText, text, lang);
        expect(worded, key).not.toMatch(/\{\w+\}/);
        if (lang !== 'en') expect(worded, key).not.toBe(labTextIn(en.labText, text, 'en'));
      }
    });
  }

  it('in Russian and Japanese, with the plural form and the number as the language writes them', () => {
    const text = (key: string) => errors.find((e) => e.key === key)!.text;
    expect(labTextIn(LANGUAGES.ru.labText, text('tooManyInterleavings'), 'ru')).toBe(
      'строка 20: без строк permutation у этой спецификации 63\u00a0063\u00a0000 чередований; перечислите нужные строками «permutation …»',
    );
    expect(labTextIn(LANGUAGES.ru.labText, text('stepInSession'), 'ru')).toBe(
      'строка 2: синтаксическая ошибка: ожидалось: шаг в сеансе «s1» («step имя { sql }»); встретилось: "permutation"',
    );
    expect(labTextIn(LANGUAGES.ja.labText, text('duplicateStep'), 'ja')).toBe('4 行目：ステップ名「a」が重複しています（2 行目にもあります）');
    expect(labTextIn(LANGUAGES.ja.labText, text('foundName'), 'ja')).toBe(
      '1 行目：構文エラー：「setup」「teardown」または「session」が必要ですが、名前「sessions」がありました',
    );
  });
});

describe('plurals and dates', () => {
  it('pick the form by Intl.PluralRules and write the number the language’s way', () => {
    const forms = LANGUAGES.ru.ui.notesCount;
    expect([1, 3, 5, 21, 1000].map((n) => plural(forms, n, 'ru'))).toEqual(['1 заметка', '3 заметки', '5 заметок', '21 заметка', '1\u00a0000 заметок']);
    expect(ui('en').notesCount(1)).toBe('1 note');
    expect(ui('en').notesCount(1234)).toBe('1,234 notes');
  });

  it('writes dates as each language does', () => {
    const date = new Date(Date.UTC(2026, 11, 7, 12));
    expect(formatDate(date, 'en')).toBe('7 December 2026');
    expect(formatDate(date, 'ru')).toBe('7 декабря 2026 г.');
    expect(formatDate(date, 'it')).toBe('7 dicembre 2026');
    expect(formatDate(date, 'zh')).toBe('2026年12月7日');
  });
});

describe('one language per page', () => {
  it('a note in a translated language gets its own, any other note the site’s', () => {
    expect(pageLanguage('ru', 'en')).toBe('ru');
    expect(pageLanguage('pt-BR', 'en')).toBe(translatedLanguage('pt') ? 'pt-BR' : 'en');
    expect(pageLanguage('xx', 'ru')).toBe('ru');
  });

  it('writes the renderer’s placeholders in the note’s language', async () => {
    const site = memorySite({
      'En.md': 'An English note that links to [[Nowhere]] and embeds ![[gone.png]] in its text.',
      'Ru.md': 'Русская заметка, которая ссылается на [[Нигде]] и встраивает ![[нет.png]] в текст.',
    });
    const english = await site.render('En.md');
    expect(english).toContain('Missing embed: gone.png');
    expect(english).toContain('title="“Nowhere” does not exist yet"');
    const russian = await site.render('Ru.md');
    expect(russian).toContain(LANGUAGES.ru.render.missingEmbed.replace('{name}', 'нет.png'));
    expect(russian).not.toContain('Missing embed');
    expect(russian).not.toContain('does not exist yet');
  });
});
