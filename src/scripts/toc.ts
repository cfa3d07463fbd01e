/**
 * The header's table-of-contents button: on wide screens the outline is a right sidebar,
 * open until the reader closes it; on narrow ones it is closed until opened, then shown
 * above the note. One remembered choice for every width (`data-toc` on <html>, set from it
 * by the page's first script before the first paint, so the layout never shifts on load).
 */
import { remember, TOC_KEY } from './remembered.ts';

/** Where the outline stops being a sidebar (the same width as in global.css). */
const NARROW = '(max-width: 60rem)';

export function setupToc(): (() => void) | void {
  const toggle = document.querySelector<HTMLButtonElement>('.toc-toggle');
  if (!toggle) return;
  const root = document.documentElement;
  const narrow = window.matchMedia(NARROW);
  const isOpen = () => (root.dataset.toc ? root.dataset.toc === 'open' : !narrow.matches);
  const sync = () => toggle.setAttribute('aria-expanded', String(isOpen()));
  // The header persists across client-side navigation: its button is bound once.
  if (!toggle.dataset.bound) {
    toggle.dataset.bound = 'yes';
    toggle.addEventListener('click', () => {
      const open = !isOpen();
      root.dataset.toc = open ? 'open' : 'closed';
      remember(TOC_KEY, open ? '1' : '0');
      sync();
    });
  }
  sync();
  narrow.addEventListener('change', sync);
  return () => narrow.removeEventListener('change', sync);
}
