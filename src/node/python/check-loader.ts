/**
 * The Python runtime for `npm run check`: the locked wheels (fetched by pip when missing),
 * precompiled once, and Pyodide loaded with them; or the one warning that says why Python
 * blocks cannot run.
 */
import type { PythonLoader } from '../sql/check-site.ts';
import { ensurePythonBundle } from './bundle.ts';
import { loadNodePython } from './load.ts';

export const loadCheckPython: PythonLoader = async () => {
  const bundle = await ensurePythonBundle();
  if ('warning' in bundle) return bundle;
  return loadNodePython(bundle);
};
