/**
 * The reader's interface choices kept in localStorage (which panels are open, which explorer
 * folders), forgotten quietly where storage is refused (private mode, disabled cookies). The
 * keys the page applies before its first paint are read by the inline script in
 * src/components/Layout.astro, under the same names.
 */
export const EXPLORER_KEY = 'kb:explorer';
export const TOC_KEY = 'kb:toc';

export function remembered(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage refused: the choice lasts for this page only.
  }
}
