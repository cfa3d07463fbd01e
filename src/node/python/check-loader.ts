/**
 * The Python runtime for `npm run check`: the locked wheels (fetched by pip when missing)
 * and Pyodide loaded with them; or the one warning that says why Python blocks cannot run.
 */
import type { PythonLoader } from '../sql/check-site.ts';
import { loadNodePython } from './load.ts';
import { ensureWheels } from './wheels.ts';

export const loadCheckPython: PythonLoader = async () => {
  const wheels = await ensureWheels();
  if ('warning' in wheels) return wheels;
  return loadNodePython(wheels.wheels.map((w) => w.path));
};
