/**
 * How long the end-to-end tests wait for what takes seconds (PostgreSQL or Pyodide starting, a
 * diagram laid out, the service worker taking control). CI machines are at times two or three
 * times slower than usual, with two browsers sharing two cores: there these waits are longer,
 * so a slow host fails no test of behaviour. Speed itself is measured in bench/, not here.
 */
export const HOST_SLOWNESS = Number(process.env.E2E_SLOWNESS ?? (process.env.CI ? 2.5 : 1));

/** A wait of `ms` on a usual machine, as Playwright's `{ timeout }` option. */
export const waitFor = (ms: number) => ({ timeout: ms * HOST_SLOWNESS });
