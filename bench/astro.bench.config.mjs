// The project's own Astro config, unchanged except for a private cache directory, so a
// benchmark build starts cold and never shares Astro's content data store with other
// builds running in the same checkout. Used by bench/build.ts via `astro build --config`.
import config from '../astro.config.mjs';

export default { ...config, cacheDir: './bench/.out/astro-cache/' };
