/** Interface text in the site's language (Russian or English); notes keep their own language. */
const STRINGS = {
  en: {
    home: 'Home', allNotes: 'All notes', tags: 'Tags', tag: 'Tag', search: 'Search', searchPlaceholder: 'Search notes…',
    searchHint: 'Press / or Ctrl+K', noResults: 'Nothing found', searching: 'Searching…', allTags: 'All tags',
    onThisPage: 'On this page', backlinks: 'Links to this note', noBacklinks: 'No other note links here yet.',
    updated: 'Updated', notesTagged: 'Notes tagged', notesCount: (n: number) => `${n} note${n === 1 ? '' : 's'}`,
    subTags: 'Nested tags', notFoundTitle: 'Page not found', notFoundText: 'There is no note at this address. It may have been renamed or removed.',
    toggleTheme: 'Toggle dark mode', close: 'Close', searchUnavailable: 'Search is not available: the index was not built.',
    rootFolder: 'Top level', skipToContent: 'Skip to content', filterByTag: 'Filter by tag', anyTag: 'Any tag',
  },
  ru: {
    home: 'Главная', allNotes: 'Все заметки', tags: 'Теги', tag: 'Тег', search: 'Поиск', searchPlaceholder: 'Поиск по заметкам…',
    searchHint: 'Нажмите / или Ctrl+K', noResults: 'Ничего не найдено', searching: 'Ищем…', allTags: 'Все теги',
    onThisPage: 'На этой странице', backlinks: 'Ссылки на эту заметку', noBacklinks: 'Пока ни одна заметка не ссылается сюда.',
    updated: 'Обновлено', notesTagged: 'Заметки с тегом', notesCount: (n: number) => `${n} ${plural(n, 'заметка', 'заметки', 'заметок')}`,
    subTags: 'Вложенные теги', notFoundTitle: 'Страница не найдена', notFoundText: 'По этому адресу нет заметки. Возможно, её переименовали или удалили.',
    toggleTheme: 'Переключить тёмную тему', close: 'Закрыть', searchUnavailable: 'Поиск недоступен: индекс не собран.',
    rootFolder: 'Верхний уровень', skipToContent: 'К содержанию', filterByTag: 'Фильтр по тегу', anyTag: 'Любой тег',
  },
} as const;

function plural(n: number, one: string, few: string, many: string): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

export type UiStrings = (typeof STRINGS)['en'] | (typeof STRINGS)['ru'];

export function ui(lang: string): UiStrings {
  return lang.startsWith('ru') ? STRINGS.ru : STRINGS.en;
}

/** One formatter per locale: creating an Intl.DateTimeFormat per page costs ~0.4 ms. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDate(date: Date, lang: string): string {
  const locale = lang.startsWith('ru') ? 'ru-RU' : 'en-GB';
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric' });
    dateFormats.set(locale, format);
  }
  return format.format(date);
}
