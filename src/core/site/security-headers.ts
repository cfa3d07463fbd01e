/**
 * What keeps the site's origin the site's own: the Content-Security-Policy every page carries,
 * and the headers under which vault attachments are served (an SVG or HTML file opened
 * directly would otherwise run its script as the site). The dev server, the `_headers` file
 * of a build (read by Netlify and Cloudflare Pages) and the tests' static server all use these.
 */
import { EMBED_HOSTS } from '../render/sanitise.ts';

/**
 * The page policy. Scripts: the site's own files, plus the inline scripts whose hashes are
 * given; `'wasm-unsafe-eval'` lets PGlite and Pagefind compile their WebAssembly (it allows
 * no JavaScript eval). Styles need `'unsafe-inline'`: Shiki and KaTeX colour and place
 * their output with `style` attributes, Mermaid writes a `<style>` into each diagram, and
 * notes may use `style`; CSS cannot run script. Images and media may come from any https
 * host (notes embed web images); frames only from the embed hosts the sanitiser allows.
 */
export function pageContentSecurityPolicy(inlineScriptHashes: readonly string[]): string {
  const frames = EMBED_HOSTS.map((host) => `https://${host}`).join(' ');
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${inlineScriptHashes.map((h) => `'${h}'`).join(' ')}`.trim(),
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' https: http: data: blob:",
    "media-src 'self' https: http:",
    "font-src 'self' data:",
    "connect-src 'self'",
    `frame-src 'self' ${frames}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** Files a browser would run as a document of the site if opened directly. */
const ACTIVE_TYPES = /\.(?:svgz?|html?|xhtml|xht|xml|xsl|xslt|mht|mhtml|js|mjs)$/i;

/**
 * Headers for a vault attachment. Every one is `nosniff` (a `.txt` is never run as HTML);
 * an active one is also a download, and sandboxed with no script should a host show it
 * anyway. An `<img>` of an SVG still shows it: images ignore both headers.
 */
export function attachmentHeaders(vaultPath: string): Record<string, string> {
  const headers: Record<string, string> = { 'X-Content-Type-Options': 'nosniff' };
  if (ACTIVE_TYPES.test(vaultPath)) {
    headers['Content-Disposition'] = 'attachment';
    headers['Content-Security-Policy'] = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
  }
  return headers;
}

/** Name of the headers file in a build's output, as Netlify and Cloudflare Pages read it. */
export const HEADERS_FILE = '_headers';

/**
 * The `_headers` file: `nosniff` for everything, and each attachment's own headers at its
 * URL (the format has no per-extension rules). `urls` are the attachments' URL paths,
 * base included, as served.
 */
export function headersFile(attachments: readonly { url: string; path: string }[]): string {
  const blocks = [['/*', { 'X-Content-Type-Options': 'nosniff' }] as const];
  const rules = attachments
    .filter((a) => ACTIVE_TYPES.test(a.path))
    .map((a) => [a.url, attachmentHeaders(a.path)] as const);
  return [...blocks, ...rules]
    .map(([url, headers]) => [url, ...Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`)].join('\n'))
    .join('\n')
    .concat('\n');
}
