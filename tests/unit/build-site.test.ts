import { utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/core/diagnostics.ts';
import { buildSite, type NoteCache } from '../../src/node/site/build-site.ts';
import { detectLanguage, majorityLanguage } from '../../src/core/site/language.ts';
import type { Site } from '../../src/core/site/model.ts';
import { scanVault } from '../../src/node/vault/scan.ts';
import { memorySite, tempVault, type TempVault } from './helpers.ts';

const FIXTURE_VAULT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/vault');

describe('buildSite on a temporary vault', () => {
  let vault: TempVault;
  let site: Site;

  beforeAll(async () => {
    vault = tempVault({
      'Home.md': '---\ntitle: Knowledge base\n---\n# Welcome\n\nStart with [[Databases]] or [[Draft idea]].\n\n#meta',
      'Databases.md': '---\ntags: [db]\naliases: [DB]\n---\nDatabases store rows. See [[SQL/Joins|joins]] and [[Private/Secret]].\n\n## Engines\n\nPostgres. ^engines',
      'SQL/Joins.md': 'Joins combine rows of [[databases]]. #db/sql/joins\n\n![[Databases#Engines]]\n\n![[schema.png|300]]',
      'SQL/Indexes.md': '---\ntags: db/sql\n---\nIndexes speed up lookups; back to [[DB]]. #db/sql',
      'Draft idea.md': '---\ndraft: true\n---\nNot ready. #hidden-tag',
      'Private/Secret.md': '---\npublish: false\n---\nSecret. Links to [[Databases]].',
      'Broken.md': '---\ntitle: ok\nbad: a: b\n---\nBody with [[Missing note]].',
      'Broken draft.md': '---\ndraft: true\nbad: a: b\n---\nA private draft with a YAML typo.',
      'Кириллица/Заметка о связях.md': 'Заметка на русском языке о связях между таблицами, [[Databases]]. #связи',
      'Attachments/schema.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      '.obsidian/workspace.json': '{}',
      '.trash/Old.md': 'deleted [[Nothing]]',
      'node_modules/pkg/README.md': 'not part of the vault',
    });
    site = await buildSite({ vaultDir: vault.dir, base: '/', gitDates: false });
  });

  afterAll(() => vault.remove());

  it('reads only the vault’s own files: hidden folders and node_modules are skipped', () => {
    const all = [...site.notes.map((n) => n.path), ...site.attachments.map((a) => a.path)].sort();
    expect(all).toEqual(['Attachments/schema.png', 'Broken.md', 'Databases.md', 'Home.md', 'Кириллица/Заметка о связях.md', 'SQL/Indexes.md', 'SQL/Joins.md'].sort());
  });

  it('leaves out draft and unpublished notes, and remembers them', () => {
    expect([...site.unpublished].sort()).toEqual(['Broken draft.md', 'Draft idea.md', 'Private/Secret.md']);
    expect(site.notes.some((n) => n.path === 'Draft idea.md')).toBe(false);
  });

  it('counts links to unpublished notes as unresolved', () => {
    const unresolved = site.diagnostics.filter((d) => d.code === 'unresolved-link').map(formatDiagnostic);
    expect(unresolved).toEqual([
      'Broken.md:5:11: warning: unresolved link [[Missing note]] [unresolved-link]',
      'Databases.md:5:51: warning: unresolved link [[Private/Secret]] (Private/Secret.md is not published) [unresolved-link]',
      'Home.md:6:29: warning: unresolved link [[Draft idea]] (Draft idea.md is not published) [unresolved-link]',
    ]);
  });

  it('does not take links of an unpublished note into backlinks', () => {
    expect(site.backlinks.get('Databases.md')!.map((b) => b.from.path)).not.toContain('Private/Secret.md');
  });

  it('reports invalid frontmatter at its file line and still publishes the note', () => {
    expect(site.diagnostics.filter((d) => d.code === 'invalid-frontmatter')).toMatchObject([
      { file: 'Broken draft.md', line: 3, column: 6 },
      { file: 'Broken.md', line: 3, column: 6 },
    ]);
    expect(site.notes.find((n) => n.path === 'Broken.md')?.title).toBe('Broken');
  });

  it('returns diagnostics sorted by file and position', () => {
    const keys = site.diagnostics.map((d) => [d.file, d.line, d.column]);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : (a[1] as number) - (b[1] as number) || (a[2] as number) - (b[2] as number)));
    expect(keys).toEqual(sorted);
  });

  it('detects the home note and serves it at the base', () => {
    expect(site.home?.path).toBe('Home.md');
    expect(site.home?.url).toBe('/');
    expect(site.noteBySlug.get('')?.path).toBe('Home.md');
  });

  it('gives every note and file a URL', () => {
    const byPath = Object.fromEntries([...site.notes, ...site.attachments].map((x) => [x.path, x.url]));
    expect(byPath['SQL/Joins.md']).toBe('/sql/joins/');
    expect(byPath['Кириллица/Заметка о связях.md']).toBe(`/${encodeURIComponent('кириллица')}/${encodeURIComponent('заметка-о-связях')}/`);
    expect(byPath['Attachments/schema.png']).toBe('/attachments/schema.png');
    expect(site.noteBySlug.get('sql/joins')?.path).toBe('SQL/Joins.md');
  });

  it('collects backlinks with the sentence they stand in', () => {
    const backlinks = site.backlinks.get('Databases.md')!;
    expect(backlinks.map((b) => b.from.path)).toEqual(['Home.md', 'SQL/Indexes.md', 'SQL/Joins.md', 'Кириллица/Заметка о связях.md']);
    const contexts = Object.fromEntries(backlinks.map((b) => [b.from.path, b.contexts]));
    expect(contexts['Home.md']).toEqual(['Start with Databases or Draft idea.']);
    expect(contexts['SQL/Indexes.md']).toEqual(['Indexes speed up lookups; back to DB. #db/sql']);
    expect(contexts['SQL/Joins.md']).toEqual(['Joins combine rows of databases. #db/sql/joins', 'Databases > Engines']);
    expect(site.backlinks.get('SQL/Joins.md')!.map((b) => [b.from.path, b.contexts])).toEqual([['Databases.md', ['Databases store rows. See joins and Private/Secret.']]]);
  });

  it('rolls nested tags up into their parents, from frontmatter and text', () => {
    const members = (key: string) => site.tags.get(key)?.all.map((n) => n.path).sort();
    expect([...site.tags.keys()].sort()).toEqual(['db', 'db/sql', 'db/sql/joins', 'meta', 'связи']);
    expect(members('db')).toEqual(['Databases.md', 'SQL/Indexes.md', 'SQL/Joins.md']);
    expect(members('db/sql')).toEqual(['SQL/Indexes.md', 'SQL/Joins.md']);
    expect(members('db/sql/joins')).toEqual(['SQL/Joins.md']);
    expect(site.tags.get('db')!.direct.map((n) => n.path)).toEqual(['Databases.md']);
    expect(site.tags.get('db')!.children).toEqual(['db/sql']);
    expect(site.tags.get('db/sql')!.children).toEqual(['db/sql/joins']);
    expect(site.tags.has('hidden-tag')).toBe(false);
  });

  it('uses the frontmatter title, else the file name', () => {
    expect(site.home?.title).toBe('Knowledge base');
    expect(site.notes.find((n) => n.path === 'SQL/Joins.md')?.title).toBe('Joins');
  });

  it('detects each note’s language and the site’s majority language', () => {
    expect(site.notes.find((n) => n.path === 'Кириллица/Заметка о связях.md')?.lang).toBe('ru');
    expect(site.notes.find((n) => n.path === 'Databases.md')?.lang).toBe('en');
    expect(site.lang).toBe('en');
    expect(site.notes.every((n) => n.lang !== '')).toBe(true);
  });

  it('takes the first paragraph as the description', () => {
    expect(site.notes.find((n) => n.path === 'Databases.md')?.description).toBe('Databases store rows. See joins and Private/Secret.');
  });

  it('reports embeds and their anchors like links: the section embed resolves', () => {
    expect(site.diagnostics.filter((d) => d.file === 'SQL/Joins.md')).toEqual([]);
  });
});

describe('buildSite details', () => {
  it('dates a note by its frontmatter, else by the file time', async () => {
    const vault = tempVault({ 'Dated.md': '---\nupdated: 2023-05-06\n---\nx', 'Plain.md': 'x' });
    try {
      const when = new Date('2021-02-03T04:05:06Z');
      utimesSync(path.join(vault.dir, 'Plain.md'), when, when);
      const site = await buildSite({ vaultDir: vault.dir, base: '/', gitDates: false });
      const dated = site.notes.find((n) => n.path === 'Dated.md')!;
      const plain = site.notes.find((n) => n.path === 'Plain.md')!;
      expect(dated.updatedFrom).toBe('frontmatter');
      expect(dated.updated.toISOString().slice(0, 10)).toBe('2023-05-06');
      expect(plain.updatedFrom).toBe('file');
      expect(plain.updated.toISOString()).toBe(when.toISOString());
    } finally {
      vault.remove();
    }
  });

  it('has no home note when none is named index, home, главная or readme in the root', async () => {
    const vault = tempVault({ 'Start.md': 'x', 'docs/index.md': 'y' });
    try {
      const site = await buildSite({ vaultDir: vault.dir, base: '/kb/', gitDates: false });
      expect(site.home).toBeUndefined();
      expect(site.notes.find((n) => n.path === 'docs/index.md')?.url).toBe('/kb/docs/index/');
    } finally {
      vault.remove();
    }
  });

  it('prefers index over Home as the home note', async () => {
    const vault = tempVault({ 'Home.md': 'h', 'index.md': 'i' });
    try {
      const site = await buildSite({ vaultDir: vault.dir, base: '/', gitDates: false });
      expect(site.home?.path).toBe('index.md');
      expect(site.notes.find((n) => n.path === 'Home.md')?.url).toBe('/home/');
    } finally {
      vault.remove();
    }
  });

  it('uses the language given in the options for the site and for notes whose frontmatter does not tell', async () => {
    const vault = tempVault({
      'Short.md': 'ok',
      'Long.md': 'This note is long enough to be detected as English prose.',
      'Said.md': '---\nlang: en\n---\nThis note says it is English.',
    });
    try {
      const site = await buildSite({ vaultDir: vault.dir, base: '/', gitDates: false, lang: 'ru' });
      expect(site.lang).toBe('ru');
      expect(site.notes.find((n) => n.path === 'Short.md')?.lang).toBe('ru');
      expect(site.notes.find((n) => n.path === 'Long.md')?.lang).toBe('ru');
      expect(site.notes.find((n) => n.path === 'Said.md')?.lang).toBe('en');
    } finally {
      vault.remove();
    }
  });

  it('reports two notes that would share a URL, keeping both', async () => {
    const vault = tempVault({ 'My note.md': 'a', 'my-note.md': 'b', 'What?.md': 'c' });
    try {
      const site = await buildSite({ vaultDir: vault.dir, base: '/', gitDates: false });
      expect(site.notes.map((n) => [n.path, n.slug])).toEqual([
        ['My note.md', 'my-note'],
        ['What?.md', 'what'],
        ['my-note.md', 'my-note-2'],
      ]);
      expect(site.diagnostics.map((d) => [d.file, d.code])).toEqual([
        ['What?.md', 'unservable-name'],
        ['my-note.md', 'duplicate-url'],
      ]);
    } finally {
      vault.remove();
    }
  });

  it('re-reads only changed notes with a cache, and drops deleted ones from it', async () => {
    const vault = tempVault({ 'A.md': 'a [[B]]', 'B.md': 'b' });
    try {
      const cache: NoteCache = new Map();
      const first = await buildSite({ vaultDir: vault.dir, base: '/', gitDates: false }, cache);
      expect([...cache.keys()].sort()).toEqual(['A.md', 'B.md']);
      const cachedA = cache.get('A.md')!.note;

      vault.write('B.md', '---\ndraft: true\n---\nnow a draft');
      const later = new Date(Date.now() + 5000);
      utimesSync(path.join(vault.dir, 'B.md'), later, later);
      const second = await buildSite({ vaultDir: vault.dir, base: '/', gitDates: false }, cache);
      expect(cache.get('A.md')!.note).toBe(cachedA);
      expect(second.unpublished.has('B.md')).toBe(true);
      expect(second.diagnostics.map((d) => d.message)).toEqual(['unresolved link [[B]] (B.md is not published)']);
      // Each build gets its own note objects: URLs assigned later must not leak between builds.
      expect(second.notes[0]).not.toBe(first.notes[0]);

      vault.remove();
      vault.write('A.md', 'a');
      await buildSite({ vaultDir: vault.dir, base: '/', gitDates: false }, cache);
      expect([...cache.keys()]).toEqual(['A.md']);
    } finally {
      vault.remove();
    }
  });

  it('scans paths with / separators, sorted', async () => {
    const vault = tempVault({ 'b/z.md': '', 'a.md': '', 'b/a.png': '', '.hidden.md': '' });
    try {
      expect((await scanVault(vault.dir)).map((f) => f.path)).toEqual(['a.md', 'b/a.png', 'b/z.md']);
    } finally {
      vault.remove();
    }
  });
});

describe('buildSite on the fixture vault', () => {
  it('resolves the fixture’s Cyrillic links, block embeds and aliases, and reports only the intended problem', async () => {
    const site = await buildSite({ vaultDir: FIXTURE_VAULT, base: '/', gitDates: false, mdx: true });
    expect(site.home?.path).toBe('Home.md');
    expect(site.unpublished.has('Draft.md')).toBe(true);
    expect(site.diagnostics.map(formatDiagnostic)).toEqual(['Home.md:12:35: warning: unresolved link [[Нет такой заметки]] [unresolved-link]']);
    expect(site.backlinks.get('Один к одному.md')!.map((b) => b.from.path).sort()).toEqual(
      ['English/Sessions.md', 'Home.md', 'Отношения/Многие ко многим.md'].sort(),
    );
    expect(site.tags.get('sqlalchemy')!.all.length).toBe(3);
  });
});

describe('language', () => {
  it('detects Russian and English prose, ignoring code', () => {
    expect(detectLanguage('Это заметка на русском языке, довольно длинная.')).toBe('ru');
    expect(detectLanguage('This is a note in English, reasonably long.')).toBe('en');
    expect(detectLanguage('```\nSELECT * FROM users WHERE id = 1 AND name = something\n```\nДа')).toBeUndefined();
  });

  it('tells Latin-script languages apart, and Cyrillic ones', () => {
    expect(detectLanguage('Le note collegate si trovano nella cartella principale del vault, insieme agli allegati.')).toBe('it');
    expect(detectLanguage('Verknüpfte Notizen findest du im Hauptordner des Tresors, zusammen mit den Anhängen.')).toBe('de');
    expect(detectLanguage('Les notes liées se trouvent dans le dossier principal du coffre, avec les pièces jointes.')).toBe('fr');
    expect(detectLanguage('Las notas enlazadas están en la carpeta principal de la bóveda, junto con los adjuntos.')).toBe('es');
    expect(detectLanguage('As notas vinculadas ficam na pasta principal do cofre, junto com os anexos dele.')).toBe('pt');
    expect(detectLanguage('Powiązane notatki znajdują się w głównym folderze sejfu, razem z załącznikami.')).toBe('pl');
    expect(detectLanguage('Пов’язані нотатки знаходяться в головній теці сховища, разом із вкладеннями.')).toBe('uk');
  });

  it('tells CJK notes by their script, also with English words and Markdown around', () => {
    expect(detectLanguage('使用 [[Obsidian Sync]] 在设备之间同步你的笔记。请参阅 `Settings` 中的同步选项。')).toBe('zh');
    expect(detectLanguage('Obsidian Sync を使って、デバイス間でノートを同期します。')).toBe('ja');
    expect(detectLanguage('Obsidian Sync를 사용하여 기기 간에 노트를 동기화하세요.')).toBe('ko');
  });

  it('takes a Russian note with English terms for Russian', () => {
    expect(detectLanguage('Сессия SQLAlchemy хранит identity map и unit of work до коммита.')).toBe('ru');
  });

  it('picks the most frequent language, with a fallback', () => {
    expect(majorityLanguage(['ru', 'en', 'ru'])).toBe('ru');
    expect(majorityLanguage([])).toBe('en');
  });
});

describe('the site language', () => {
  it('is the home note’s language, even when other notes are more numerous', async () => {
    const vault = tempVault({
      'index.md': 'Это главная страница базы знаний, написанная по-русски.',
      'A.md': 'An English note about sessions and transactions in SQLAlchemy.',
      'B.md': 'Another English note about relationships and foreign keys.',
    });
    try {
      const built = await buildSite({ vaultDir: vault.dir, base: '/', gitDates: false });
      expect(built.lang).toBe('ru');
    } finally {
      vault.remove();
    }
  });

  it('is the majority language without a home note, and the configured one when set', async () => {
    const vault = tempVault({
      'A.md': 'An English note about sessions and transactions in SQLAlchemy.',
      'B.md': 'Another English note about relationships and foreign keys.',
      'C.md': 'Русская заметка о связях между таблицами и внешних ключах.',
    });
    try {
      expect((await buildSite({ vaultDir: vault.dir, base: '/', gitDates: false })).lang).toBe('en');
      expect((await buildSite({ vaultDir: vault.dir, base: '/', gitDates: false, lang: 'ru' })).lang).toBe('ru');
    } finally {
      vault.remove();
    }
  });
});

describe('a note that cannot be parsed', () => {
  it('is reported as render-crash at the line the parser names, and the other notes are read', () => {
    const site = memorySite({ 'Broken.mdx': '# T\n\ntext\n\n<div {x\n', 'Fine.md': 'fine' });
    expect(site.codes('render-crash').map(formatDiagnostic)).toEqual([
      'Broken.mdx:6:1: error: could not parse the note: Unexpected end of file in expression, expected a corresponding closing brace for `{` [render-crash]',
    ]);
    expect(site.note('Fine.md').title).toBe('Fine');
  });
});
