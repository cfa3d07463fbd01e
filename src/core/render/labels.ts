import type { LabViewLabels } from '../lab/view/lab-view.ts';
import type { CodeLabels } from './code-header.ts';

/** The few words the renderer itself writes into a page, in the site's interface language. */
const LABELS = {
  en: {
    setup: 'Setup: runs before the other blocks',
    expected: 'Expected output',
    code: { copy: 'Copy', copyHint: 'Copy the code', copied: 'Copied' },
    lab: {
      lab: 'Isolation lab',
      setup: 'Setup',
      time: 'Step',
      expected: 'Expected outcome',
      permutation: 'Order {n} of {total}',
      parseError: 'This lab block cannot run',
    },
  },
  ru: {
    setup: 'Подготовка: выполняется перед остальными блоками',
    expected: 'Ожидаемый результат',
    code: { copy: 'Копировать', copyHint: 'Скопировать код', copied: 'Скопировано' },
    lab: {
      lab: 'Лаборатория изоляции',
      setup: 'Подготовка',
      time: 'Шаг',
      expected: 'Ожидаемый исход',
      permutation: 'Порядок {n} из {total}',
      parseError: 'Этот блок лаборатории не запустить',
    },
  },
} satisfies Record<string, { setup: string; expected: string; code: CodeLabels; lab: LabViewLabels }>;

export type RenderLabels = (typeof LABELS)['en'];

export function renderLabels(lang: string): RenderLabels {
  return lang.startsWith('ru') ? LABELS.ru : LABELS.en;
}
