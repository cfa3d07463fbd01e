/** The few words the renderer itself writes into a page, in the site's interface language. */
const LABELS = {
  en: { setup: 'Setup: runs before the other blocks', expected: 'Expected output' },
  ru: { setup: 'Подготовка: выполняется перед остальными блоками', expected: 'Ожидаемый результат' },
};

export type RenderLabels = (typeof LABELS)['en'];

export function renderLabels(lang: string): RenderLabels {
  return lang.startsWith('ru') ? LABELS.ru : LABELS.en;
}
