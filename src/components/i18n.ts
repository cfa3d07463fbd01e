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

/**
 * Plural forms by Intl.PluralRules category (`one`, `few`, `many`, `other`); `{n}` and the
 * other `{name}` slots are filled in by the page (src/scripts/sql/strings.ts).
 */
export type Plural = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;

/** The SQL runner's text (src/components/SqlRunner.astro and src/scripts/sql/), passed to the page as JSON. */
const SQL_EN = {
  toolbar: 'SQL on this page',
  intro: 'The SQL blocks below run in your browser, on PostgreSQL (PGlite). Nothing is sent to a server.',
  runAll: 'Run all',
  reset: 'Reset database',
  run: 'Run',
  runHint: 'Run this block (Ctrl+Enter)',
  edit: 'Edit',
  revert: 'Revert',
  revertHint: "Back to the author's text",
  stop: 'Stop',
  editorLabel: 'SQL editor; Ctrl+Enter runs it',
  result: 'Result',
  downloading: 'Downloading PostgreSQL… {loaded} of {total} MB',
  downloadingUnknown: 'Downloading PostgreSQL… {loaded} MB',
  starting: 'Starting PostgreSQL…',
  ready: 'PostgreSQL is ready.',
  running: 'Running…',
  queued: 'Waiting for the block that is running…',
  slow: 'Still running after {seconds} s. Stop it to go on: the database is rebuilt from the blocks run so far.',
  stopped: 'Stopped after {seconds} s.',
  rebuilt: { one: 'The database was rebuilt from {n} block.', other: 'The database was rebuilt from {n} blocks.' },
  rebuilding: { one: 'Rebuilding the database from {n} block…', other: 'Rebuilding the database from {n} blocks…' },
  rebuiltEmpty: 'The database was started afresh.',
  resetDone: 'The databases were reset: every block runs anew.',
  ranEarlier: { one: 'Ran {n} earlier block first.', other: 'Ran {n} earlier blocks first.' },
  earlierFailed: { one: '{n} of them failed.', other: '{n} of them failed.' },
  ranAll: { one: 'Ran {n} block.', other: 'Ran {n} blocks.' },
  nothingToRun: 'Every block has run. Reset the database to run them again.',
  statements: { one: '{n} statement', other: '{n} statements' },
  rowsShown: 'Showing {shown} of {total} rows.',
  nullLabel: 'SQL NULL, no value',
  error: 'Error',
  detail: 'Detail',
  hint: 'Hint',
  where: 'Context',
  at: 'at line {line}, column {column}',
  failedAsExpected: 'Failed as expected:',
  expectedError: 'Expected an error, but it ran.',
  wrongError: 'Expected a different error ({expected}):',
  transaction: 'A transaction is still open: later blocks run inside it.',
  failedTransaction: 'The transaction failed: later statements are refused until ROLLBACK.',
  wasmMime: 'This site serves .wasm files as “{type}”, so PostgreSQL starts slower. Fix: serve .wasm as application/wasm.',
  noWasm: 'This browser cannot run WebAssembly, which PostgreSQL in the page needs. Open the page in a current browser.',
  noWorker: 'The background worker PostgreSQL runs in did not start: the browser may be too old, or the download failed. Reload the page, or open it in a current browser.',
  downloadFailed: 'Could not download PostgreSQL ({detail}). Check the connection and run again.',
  engineFailed: 'PostgreSQL failed: {detail}',
  constraint: 'Constraint',
  // The views of relationships and changes (src/scripts/sql/views, src/scripts/sql/diagram).
  diagramLabel: 'Schema of the database “{db}”',
  diagramPending: 'The schema of this page’s database is drawn here after a block runs.',
  drawSchema: 'Draw the schema',
  drawAfterBlocks: 'Runs the blocks above it first',
  diagramEmpty: 'No tables yet.',
  tablesCount: { one: '{n} table', other: '{n} tables' },
  keysCount: { one: '{n} foreign key', other: '{n} foreign keys' },
  inWords: 'The schema in words',
  relationships: 'Relationships',
  noRelationships: 'No foreign keys between these tables.',
  tables: 'Tables',
  legend: 'Legend',
  legendKeys: 'PK primary key · FK foreign key · UQ unique (UQ1, UQ2: together with other columns) · NN NOT NULL',
  legendOne: 'exactly one',
  legendZeroOrOne: 'zero or one',
  legendMany: 'zero or more',
  legendTouched: 'rows changed by the last run',
  legendFired: 'its ON DELETE / ON UPDATE action changed rows',
  legendBlocker: 'this constraint stopped the statement',
  changes: 'Rows changed',
  changeRowsShown: 'Showing {shown} of {total} rows.',
  blockedBy: 'Stopped by the foreign key {constraint}:',
  tableLabel: 'Rows of {table}',
  tablePending: 'The rows of {table} are shown here after a block runs.',
  showRows: 'Show the rows',
  tableMissing: 'There is no table {table} in the database.',
  tableFailedTransaction: 'Not refreshed: the transaction failed. It refreshes after ROLLBACK.',
  tableNotRefreshed: 'Could not refresh the rows: {error}',
  tableRows: { one: '{n} row', other: '{n} rows' },
  tableFirstRows: 'the first {n}',
  tableTruncated: 'The last run emptied it (TRUNCATE).',
  change: 'Change',
  inserted: 'inserted',
  updated: 'updated',
  deleted: 'deleted',
  insertedCount: 'inserted: {n}',
  updatedCount: 'updated: {n}',
  deletedCount: 'deleted: {n}',
  was: 'was: {value}',
};

/** Each text a string, each plural a {@link Plural}: Russian needs more forms than English. */
export type SqlStrings = { [K in keyof typeof SQL_EN]: (typeof SQL_EN)[K] extends string ? string : Plural };

const SQL_RU: SqlStrings = {
  toolbar: 'SQL на этой странице',
  intro: 'Блоки SQL ниже выполняются в вашем браузере, на PostgreSQL (PGlite). На сервер ничего не отправляется.',
  runAll: 'Выполнить все',
  reset: 'Сбросить базу',
  run: 'Выполнить',
  runHint: 'Выполнить этот блок (Ctrl+Enter)',
  edit: 'Изменить',
  revert: 'Вернуть',
  revertHint: 'Вернуть текст автора',
  stop: 'Остановить',
  editorLabel: 'Редактор SQL; Ctrl+Enter выполняет',
  result: 'Результат',
  downloading: 'Загружаем PostgreSQL… {loaded} из {total} МБ',
  downloadingUnknown: 'Загружаем PostgreSQL… {loaded} МБ',
  starting: 'Запускаем PostgreSQL…',
  ready: 'PostgreSQL готов.',
  running: 'Выполняется…',
  queued: 'Ждёт, пока выполнится другой блок…',
  slow: 'Выполняется уже {seconds} с. Остановите, чтобы продолжить: база будет восстановлена из уже выполненных блоков.',
  stopped: 'Остановлено через {seconds} с.',
  rebuilt: {
    one: 'База восстановлена из {n} блока.',
    few: 'База восстановлена из {n} блоков.',
    many: 'База восстановлена из {n} блоков.',
    other: 'База восстановлена из {n} блока.',
  },
  rebuilding: {
    one: 'Восстанавливаем базу из {n} блока…',
    few: 'Восстанавливаем базу из {n} блоков…',
    many: 'Восстанавливаем базу из {n} блоков…',
    other: 'Восстанавливаем базу из {n} блока…',
  },
  rebuiltEmpty: 'База запущена заново.',
  resetDone: 'Базы сброшены: все блоки выполнятся заново.',
  ranEarlier: {
    one: 'Сначала выполнен {n} предыдущий блок.',
    few: 'Сначала выполнены {n} предыдущих блока.',
    many: 'Сначала выполнено {n} предыдущих блоков.',
    other: 'Сначала выполнено {n} предыдущего блока.',
  },
  earlierFailed: { one: 'Из них с ошибкой: {n}.', other: 'Из них с ошибкой: {n}.' },
  ranAll: {
    one: 'Выполнен {n} блок.',
    few: 'Выполнено {n} блока.',
    many: 'Выполнено {n} блоков.',
    other: 'Выполнено {n} блока.',
  },
  nothingToRun: 'Все блоки уже выполнены. Сбросьте базу, чтобы выполнить их заново.',
  statements: { one: '{n} команда', few: '{n} команды', many: '{n} команд', other: '{n} команды' },
  rowsShown: 'Показаны {shown} из {total} строк.',
  nullLabel: 'SQL NULL, нет значения',
  error: 'Ошибка',
  detail: 'Подробности',
  hint: 'Подсказка',
  where: 'Контекст',
  at: 'строка {line}, столбец {column}',
  failedAsExpected: 'Ошибка, как и ожидалось:',
  expectedError: 'Ожидалась ошибка, но блок выполнился.',
  wrongError: 'Ожидалась другая ошибка ({expected}):',
  transaction: 'Транзакция не закрыта: следующие блоки выполнятся внутри неё.',
  failedTransaction: 'Транзакция прервана: до ROLLBACK следующие команды не выполнятся.',
  wasmMime: 'Сайт отдаёт файлы .wasm с типом «{type}», поэтому PostgreSQL запускается медленнее. Исправление: отдавайте .wasm как application/wasm.',
  noWasm: 'Этот браузер не умеет выполнять WebAssembly, а PostgreSQL на странице без него не работает. Откройте страницу в современном браузере.',
  noWorker: 'Не запустился фоновый поток, в котором работает PostgreSQL: браузер устарел или загрузка не удалась. Перезагрузите страницу или откройте её в современном браузере.',
  downloadFailed: 'Не удалось загрузить PostgreSQL ({detail}). Проверьте соединение и запустите ещё раз.',
  engineFailed: 'Сбой PostgreSQL: {detail}',
  constraint: 'Ограничение',
  diagramLabel: 'Схема базы «{db}»',
  diagramPending: 'Здесь появится схема базы этой страницы, когда выполнится блок.',
  drawSchema: 'Нарисовать схему',
  drawAfterBlocks: 'Сначала выполнит блоки выше',
  diagramEmpty: 'Таблиц пока нет.',
  tablesCount: { one: '{n} таблица', few: '{n} таблицы', many: '{n} таблиц', other: '{n} таблицы' },
  keysCount: { one: '{n} внешний ключ', few: '{n} внешних ключа', many: '{n} внешних ключей', other: '{n} внешнего ключа' },
  inWords: 'Схема словами',
  relationships: 'Связи',
  noRelationships: 'Внешних ключей между этими таблицами нет.',
  tables: 'Таблицы',
  legend: 'Обозначения',
  legendKeys: 'PK первичный ключ · FK внешний ключ · UQ уникальность (UQ1, UQ2: вместе с другими столбцами) · NN NOT NULL',
  legendOne: 'ровно одна',
  legendZeroOrOne: 'ноль или одна',
  legendMany: 'ноль или больше',
  legendTouched: 'строки изменены последним запуском',
  legendFired: 'действие ON DELETE / ON UPDATE изменило строки',
  legendBlocker: 'это ограничение остановило команду',
  changes: 'Изменённые строки',
  changeRowsShown: 'Показаны {shown} из {total} строк.',
  blockedBy: 'Остановлено внешним ключом {constraint}:',
  tableLabel: 'Строки {table}',
  tablePending: 'Здесь появятся строки {table}, когда выполнится блок.',
  showRows: 'Показать строки',
  tableMissing: 'Таблицы {table} в базе нет.',
  tableFailedTransaction: 'Не обновлено: транзакция прервана. Обновится после ROLLBACK.',
  tableNotRefreshed: 'Не удалось обновить строки: {error}',
  tableRows: { one: '{n} строка', few: '{n} строки', many: '{n} строк', other: '{n} строки' },
  tableFirstRows: 'первые {n}',
  tableTruncated: 'Последний запуск очистил таблицу (TRUNCATE).',
  change: 'Изменение',
  inserted: 'добавлена',
  updated: 'изменена',
  deleted: 'удалена',
  insertedCount: 'добавлено: {n}',
  updatedCount: 'изменено: {n}',
  deletedCount: 'удалено: {n}',
  was: 'было: {value}',
};

export function sqlStrings(lang: string): SqlStrings {
  return lang.startsWith('ru') ? SQL_RU : SQL_EN;
}

/** The isolation lab's text (src/components/LabRunner.astro and src/scripts/lab/), passed to the page as JSON. */
const LAB_EN = {
  controls: 'Lab controls',
  step: 'Step',
  stepHint: 'Run the next step (→)',
  back: 'Back',
  backHint: 'Undo the last step (←)',
  runAll: 'Run all',
  runAllHint: 'Run every step (End)',
  reset: 'Reset',
  resetHint: 'Back to before the first step (Home)',
  shortcuts: 'Keys, with focus in the lab: → step, ← back, End run all, Home reset.',
  level: 'Isolation level',
  uncommittedNote: 'PostgreSQL accepts READ UNCOMMITTED and runs it as READ COMMITTED: it never shows uncommitted rows. The lab does the same.',
  order: 'Order',
  position: 'Step {n} of {total}',
  downloading: 'Downloading PostgreSQL… {loaded} of {total} MB',
  downloadingUnknown: 'Downloading PostgreSQL… {loaded} MB',
  starting: 'Starting PostgreSQL…',
  running: 'Running…',
  waitsFor: 'Waits for {sessions} to end its transaction',
  resumedAfter: 'Was waiting; resumed after {step}',
  error: 'ERROR',
  refused: 'The lab cannot run this faithfully, so it stops here:',
  setupFailed: 'The scenario cannot run:',
  stepsLeft: 'Steps still waiting when the run ended stay so.',
  state: 'What the database holds now',
  committed: 'Committed',
  session: 'Session {name}',
  idle: 'no transaction',
  active: 'in a transaction',
  failed: 'transaction failed',
  waiting: 'waiting for {sessions} in {step}',
  differs: 'differs from the committed rows',
  unseen: 'committed, but this session does not see it',
  legend: 'Highlighted rows: what a session sees differently from the committed rows; struck out: committed rows it does not see.',
  noRows: 'no rows',
  edit: 'Edit the steps',
  editorLabel: 'Scenario text',
  apply: 'Apply and replay',
  applyHint: 'Ctrl+Enter',
  editError: 'Not applied:',
  applied: 'Applied: the lab replays the edited steps.',
  nullLabel: 'SQL NULL, no value',
  noWasm: 'This browser cannot run WebAssembly, which PostgreSQL in the page needs. Open the page in a current browser.',
  noWorker: 'The background worker PostgreSQL runs in did not start. Reload the page, or open it in a current browser.',
  downloadFailed: 'Could not download PostgreSQL ({detail}). Check the connection and try again.',
  engineFailed: 'PostgreSQL failed: {detail}',
};

export type LabStrings = typeof LAB_EN;

const LAB_RU: LabStrings = {
  controls: 'Управление лабораторией',
  step: 'Шаг',
  stepHint: 'Выполнить следующий шаг (→)',
  back: 'Назад',
  backHint: 'Отменить последний шаг (←)',
  runAll: 'Все шаги',
  runAllHint: 'Выполнить все шаги (End)',
  reset: 'Сначала',
  resetHint: 'Вернуться к началу, до первого шага (Home)',
  shortcuts: 'Клавиши, когда фокус в лаборатории: → шаг, ← назад, End — все шаги, Home — сначала.',
  level: 'Уровень изоляции',
  uncommittedNote: 'PostgreSQL принимает READ UNCOMMITTED и выполняет его как READ COMMITTED: незафиксированных строк он не показывает никогда. Лаборатория делает так же.',
  order: 'Порядок',
  position: 'Шаг {n} из {total}',
  downloading: 'Загружаем PostgreSQL… {loaded} из {total} МБ',
  downloadingUnknown: 'Загружаем PostgreSQL… {loaded} МБ',
  starting: 'Запускаем PostgreSQL…',
  running: 'Выполняется…',
  waitsFor: 'Ждёт, пока {sessions} завершит транзакцию',
  resumedAfter: 'Ждал; продолжил после {step}',
  error: 'ОШИБКА',
  refused: 'Лаборатория не может выполнить это точно и останавливается здесь:',
  setupFailed: 'Сценарий не запустить:',
  stepsLeft: 'Шаги, которые ещё ждали в конце, так и остались ждать.',
  state: 'Что сейчас в базе',
  committed: 'Зафиксировано',
  session: 'Сессия {name}',
  idle: 'нет транзакции',
  active: 'в транзакции',
  failed: 'транзакция прервана',
  waiting: 'ждёт {sessions} в шаге {step}',
  differs: 'отличается от зафиксированного',
  unseen: 'зафиксировано, но эта сессия этого не видит',
  legend: 'Выделены строки, которые сессия видит иначе, чем зафиксировано; зачёркнуты зафиксированные строки, которых она не видит.',
  noRows: 'нет строк',
  edit: 'Изменить шаги',
  editorLabel: 'Текст сценария',
  apply: 'Применить и повторить',
  applyHint: 'Ctrl+Enter',
  editError: 'Не применено:',
  applied: 'Применено: лаборатория повторяет изменённые шаги.',
  nullLabel: 'SQL NULL, нет значения',
  noWasm: 'Этот браузер не умеет выполнять WebAssembly, а PostgreSQL на странице без него не работает. Откройте страницу в современном браузере.',
  noWorker: 'Не запустился фоновый поток, в котором работает PostgreSQL. Перезагрузите страницу или откройте её в современном браузере.',
  downloadFailed: 'Не удалось загрузить PostgreSQL ({detail}). Проверьте соединение и попробуйте ещё раз.',
  engineFailed: 'Сбой PostgreSQL: {detail}',
};

export function labStrings(lang: string): LabStrings {
  return lang.startsWith('ru') ? LAB_RU : LAB_EN;
}

/** Text of the reading aids: graph view, explorer, link previews, navigation landmarks. */
const NAV_EN = {
  graph: 'Graph',
  graphTitle: 'Graph of notes',
  localGraph: 'Graph around this note',
  showGraph: 'Show graph',
  hideGraph: 'Hide graph',
  depthTwo: 'Two links away',
  showTags: 'Tags as nodes',
  graphLoading: 'Loading the graph…',
  graphFailed: 'The graph could not be loaded.',
  graphHelp: 'Drag to move, scroll to zoom, click a note to open it. The list below has the same notes.',
  graphList: 'Notes in this graph',
  links: { one: '{n} link', other: '{n} links' },
  explorer: 'Explorer',
  explorerLabel: 'Folders and notes',
  breadcrumbs: 'Breadcrumbs',
  mainNav: 'Site',
  preview: 'Preview',
  previewFailed: 'No preview for this link.',
};

export type NavStrings = { [K in keyof typeof NAV_EN]: (typeof NAV_EN)[K] extends string ? string : Plural };

const NAV_RU: NavStrings = {
  graph: 'Граф',
  graphTitle: 'Граф заметок',
  localGraph: 'Граф вокруг заметки',
  showGraph: 'Показать граф',
  hideGraph: 'Скрыть граф',
  depthTwo: 'Через две ссылки',
  showTags: 'Теги как узлы',
  graphLoading: 'Загружаем граф…',
  graphFailed: 'Не удалось загрузить граф.',
  graphHelp: 'Перетаскивайте, чтобы двигать, колесом меняйте масштаб, щёлкните заметку, чтобы открыть её. В списке ниже те же заметки.',
  graphList: 'Заметки на графе',
  links: { one: '{n} ссылка', few: '{n} ссылки', many: '{n} ссылок', other: '{n} ссылки' },
  explorer: 'Проводник',
  explorerLabel: 'Папки и заметки',
  breadcrumbs: 'Путь к заметке',
  mainNav: 'Разделы сайта',
  preview: 'Предпросмотр',
  previewFailed: 'Для этой ссылки нет предпросмотра.',
};

export function navStrings(lang: string): NavStrings {
  return lang.startsWith('ru') ? NAV_RU : NAV_EN;
}
