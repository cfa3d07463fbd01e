/**
 * The Astro side of the vault: configures the site from the vault options, serves and
 * copies the vault's files, reloads the browser when a note changes in dev, and, after a
 * build, reports diagnostics, writes the sitemap, robots.txt, feed and social images,
 * builds the search index and refuses to ship empty pages.
 */
import type { AstroIntegration } from 'astro';
import { createReadStream, existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lookup } from 'mrmime';
import { resolveConfig, type VaultKbOptions } from './config.ts';
import { configure, setPythonRunnable, finishBuild, forgetNotes, getConfig, getSite, invalidate, prepareBuild, renderDiagnostics, siteTitle } from './site-store.ts';
import { discoveryFiles } from './discovery-files.ts';
import { writeServiceWorker } from './service-worker-file.ts';
import { OG_CACHE_DIR, ogImageFile, runOgJob, siteCards } from './og-images.ts';
import { OG_DIR } from '../core/site/og-card.ts';
import { copyPublishedFiles, publishedFiles } from './published-files.ts';
import { buildFailure, reportDiagnostics } from './report.ts';
import { buildSearchIndex } from './search-index.ts';
import { checkBuiltPages } from './build-guard.ts';
import { mdxProcessor } from './mdx.ts';
import { checkSiteSql } from '../node/sql/check-site.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import { ensurePythonBundle } from '../node/python/bundle.ts';
import { pythonSiteFiles } from '../node/python/site-files.ts';
import { pgliteDataDir } from '../node/sql/datadir.ts';
import { RenderCache } from '../node/site/render-cache.ts';
import { vaultCacheDirs, vaultCacheName } from '../node/site/cache-location.ts';
import { siteRenderContext } from '../core/render/site-context.ts';
import { attachmentHeaders, HEADERS_FILE, headersFile } from '../core/site/security-headers.ts';

/** The integration, carrying its options so `npm run check` reads the same configuration. */
export interface VaultKbIntegration extends AstroIntegration {
  vaultOptions: VaultKbOptions;
}

export default function vaultKb(options: VaultKbOptions = {}): VaultKbIntegration {
  let projectRoot = process.cwd();
  return {
    name: 'vault-kb',
    vaultOptions: options,
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        const root = fileURLToPath(config.root);
        projectRoot = root;
        const resolved = resolveConfig(options, process.env, root, config.site);
        configure(resolved);
        setPythonRunnable(async (site) => (await pythonSiteFiles(site, getConfig().python)).files.length > 0);
        // Astro caches content between builds; one cache per vault, so building another
        // vault never starts from this one's entries. A cacheDir set by hand is kept.
        const defaultCache = path.join(root, 'node_modules/.astro');
        const cacheDir = path.resolve(fileURLToPath(config.cacheDir)) === defaultCache ? path.join(defaultCache, vaultCacheName(resolved.vaultDir)) : undefined;
        updateConfig({
          ...(cacheDir ? { cacheDir: pathToFileURL(`${cacheDir}/`) } : {}),
          base: resolved.base,
          ...(resolved.site ? { site: resolved.site } : {}),
          trailingSlash: 'ignore',
          // Several pages at once, so the render threads (see site-store.ts) always have work.
          build: { format: 'directory', concurrency: 8 },
          // `npm run preview` takes no middleware from integrations, only these (for every
          // file); the per-attachment headers are in the build's _headers file.
          server: { headers: { 'X-Content-Type-Options': 'nosniff' } },
          // Only `.mdx` notes go through Astro's Markdown pipeline; `.md` notes are rendered by the core.
          markdown: { processor: mdxProcessor(), syntaxHighlight: false },
          vite: {
            // PGlite finds its WebAssembly next to its own module; Vite's dependency
            // pre-bundling would move the module away from it (PGlite's Vite advice).
            optimizeDeps: { exclude: ['@electric-sql/pglite'] },
            worker: { format: 'es' },
            // Astro inlines small page scripts; the pages' Content-Security-Policy allows
            // the site's script files and no inline script but the theme's, so scripts stay
            // files (other assets keep the default limit).
            build: { assetsInlineLimit: (file: string) => (/\.[cm]?js$/.test(file) ? false : undefined) },
          },
        });
      },

      'astro:server:setup': ({ server, logger }) => {
        const { vaultDir, base } = getConfig();
        server.watcher.add(vaultDir);
        let timer: NodeJS.Timeout | undefined;
        const onChange = (file: string) => {
          const rel = path.relative(vaultDir, file);
          if (rel.startsWith('..') || path.isAbsolute(rel) || rel.split(path.sep).some((p) => p.startsWith('.'))) return;
          invalidate();
          // Editors write a file in several steps; one reload after the burst is enough.
          clearTimeout(timer);
          timer = setTimeout(() => {
            logger.info(`vault changed: ${rel}`);
            // Astro caches getStaticPaths in dev; this is the event its own content layer
            // sends to drop that cache, so added, renamed and deleted notes get their routes.
            for (const name of ['ssr', 'prerender']) server.environments[name]?.hot.send('astro:content-changed', {});
            server.environments.client.hot.send({ type: 'full-reload', path: '*' });
          }, 50);
        };
        for (const event of ['add', 'change', 'unlink', 'addDir', 'unlinkDir'] as const) server.watcher.on(event, onChange);
        // The watcher follows a folder, not a path: when the vault folder is moved away (or
        // replaced, as `mv vault vault.tmp && mv vault.tmp vault` or a sync tool does), watch
        // the path again once a folder is back there, and drop everything read before.
        let rewatching: NodeJS.Timeout | undefined;
        server.watcher.on('unlinkDir', (dir) => {
          if (path.resolve(dir) !== vaultDir || rewatching) return;
          rewatching = setInterval(() => {
            if (!existsSync(vaultDir)) return;
            clearInterval(rewatching);
            rewatching = undefined;
            server.watcher.unwatch(vaultDir);
            server.watcher.add(vaultDir);
            forgetNotes();
            onChange(vaultDir);
          }, 100);
        });

        // Vault files (images, PDFs, …) and KaTeX's assets, streamed in dev; a build copies them.
        server.middlewares.use(async (req, res, next) => {
          const url = decodeURIComponent((req.url ?? '').split('?')[0]);
          if (url.endsWith('/')) return next();
          // Vite strips a base other than `/` from the URL before middlewares see it.
          const slug = url.startsWith(base) ? url.slice(base.length) : url.slice(1);
          const site = await getSite().catch(() => undefined);
          const generated = site && discoveryFiles(site, getConfig(), siteTitle(site)).get(slug);
          if (generated) {
            res.setHeader('Content-Type', generated.type);
            return res.end(generated.body);
          }
          const file =
            site &&
            ((await publishedFiles(site, getConfig().python)).get(slug) ??
              (getConfig().ogImages && slug.startsWith(`${OG_DIR}/`) ? await ogImageFile(siteCards(site, siteTitle(site)), slug, path.join(projectRoot, OG_CACHE_DIR)) : undefined));
          if (!file) return next();
          res.setHeader('Content-Type', lookup(file) ?? 'application/octet-stream');
          for (const [name, value] of Object.entries(attachmentHeaders(file))) res.setHeader(name, value);
          createReadStream(file).pipe(res);
        });
      },

      'astro:build:start': () => {
        // Reading the vault on all cores overlaps with Vite's bundling. What was read and
        // rendered is kept in vault-kb's cache directory for the next build, one folder per vault.
        const caches = vaultCacheDirs(projectRoot, getConfig().vaultDir);
        prepareBuild({
          readCacheDir: caches.read,
          renderCache: (site) => new RenderCache(caches.render, site, siteRenderContext(site)),
        });
      },

      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        await finishBuild();
        const site = await getSite();
        const config = getConfig();
        const { strict, python, sqlTimeout } = config;
        // A strict build checks what `npm run check` checks, the notes' SQL (and Python) included.
        const checked = site.notes.some((n) => n.facts.sqlBlocks > 0 || (python && n.facts.pythonBlocks > 0));
        const sql = strict && checked ? await checkSiteSql(site, await pgliteDataDir(), { timeoutSeconds: sqlTimeout, pythonFiles: python ? ensurePythonBundle : undefined }) : undefined;
        // Without the Python packages, one warning (a strict check has already given it).
        const packages = sql ? undefined : (await pythonSiteFiles(site, python)).warning;
        const packageWarning: Diagnostic[] = packages
          ? [{ file: site.notes.find((n) => n.facts.pythonBlocks > 0)!.path, line: 1, column: 1, severity: 'warning', code: 'python-packages', message: packages }]
          : [];
        const all = [...site.diagnostics, ...renderDiagnostics(), ...(sql?.diagnostics ?? []), ...packageWarning];
        reportDiagnostics(all, logger);
        await checkBuiltPages(outDir, logger);
        if (!config.site) {
          const images = config.ogImages ? 'social images are linked by path (most chat apps show no image then)' : 'no social images are drawn';
          logger.warn(`no site URL (the \`site\` option or SITE_URL): pages have no canonical link and no og:url, ${images}, and there is no sitemap.xml`);
        }
        // Before the vault's files: one named like them (they are renamed, urls.ts) cannot replace them.
        for (const [slug, file] of discoveryFiles(site, config, siteTitle(site))) await writeFile(path.join(outDir, slug), file.body, { flag: 'wx' });
        if (config.ogImages) {
          const job = { cards: siteCards(site, siteTitle(site)), cacheDir: path.join(projectRoot, OG_CACHE_DIR), outDir };
          // `npm run build` draws them after Astro has exited, so their threads' memory is not added to Astro's.
          if (process.env.VAULT_KB_OG_JOB) await writeFile(process.env.VAULT_KB_OG_JOB, JSON.stringify(job));
          else await runOgJob(job, logger);
        }
        await copyPublishedFiles(site, outDir, python);
        // After the vault's files, so an attachment named like it cannot replace it.
        await writeFile(path.join(outDir, HEADERS_FILE), headersFile(site.attachments));
        // Last: its version is a hash of every file written before it.
        await writeServiceWorker(outDir);
        // `npm run build` indexes after Astro has exited, to keep the two memory peaks apart.
        if (process.env.VAULT_KB_SEARCH !== 'after') await buildSearchIndex(outDir, logger);
        const failure = buildFailure(all, strict);
        if (failure) throw new Error(failure);
      },
    },
  };
}
