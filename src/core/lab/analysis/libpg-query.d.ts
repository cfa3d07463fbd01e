/** libpg-query's emscripten module, imported without the package's entry (pg-parser.ts says why). */
declare module 'libpg-query/wasm/libpg-query.js' {
  const createModule: (options?: { locateFile?: (file: string) => string }) => Promise<unknown>;
  export default createModule;
}
