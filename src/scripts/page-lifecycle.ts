/**
 * Widgets under client-side navigation (Astro's ClientRouter): a module runs once per
 * visit to the site, but pages are swapped under it. So a widget registers its setup here;
 * the setup runs on every page (`astro:page-load`, which also fires on the first load) and
 * the cleanup it returns runs before the page is swapped out (stop workers, timers,
 * observers, listeners on `document`). Registering the same name again replaces the
 * setup, so a script that happens to run twice never binds twice. The events come from
 * Astro's ClientRouter (src/components/Layout.astro), which fires `astro:page-load` on the
 * first load too; without it nothing here would run.
 */
type Cleanup = () => void;
type Setup = () => Cleanup | void;

const setups = new Map<string, Setup>();
const cleanups = new Map<string, Cleanup>();
let listening = false;

function runSetup(name: string, setup: Setup): void {
  cleanups.get(name)?.();
  cleanups.delete(name);
  const cleanup = setup();
  if (cleanup) cleanups.set(name, cleanup);
}

export function onEveryPage(name: string, setup: Setup): void {
  setups.set(name, setup);
  if (listening) return;
  listening = true;
  document.addEventListener('astro:page-load', () => {
    for (const [key, fn] of setups) runSetup(key, fn);
  });
  document.addEventListener('astro:before-swap', () => {
    for (const cleanup of cleanups.values()) cleanup();
    cleanups.clear();
  });
}
