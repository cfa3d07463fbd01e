/**
 * The page policy and the attachment headers (issue 18): what a page may run, and how an
 * SVG or HTML attachment is kept from running as the site.
 */
import { describe, expect, it } from 'vitest';
import { attachmentHeaders, headersFile, pageContentSecurityPolicy } from '../../src/core/site/security-headers.ts';

describe('page Content-Security-Policy', () => {
  const policy = pageContentSecurityPolicy(['sha256-abc=']);
  const directive = (name: string) => policy.split('; ').find((d) => d.startsWith(`${name} `));

  it("allows the site's own scripts, the given inline hashes and WebAssembly, nothing inline otherwise", () => {
    expect(directive('script-src')).toBe("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-(?:inline|eval)'/);
    expect(directive('worker-src')).toBe("worker-src 'self'");
  });

  it('blocks plugins and <base>, frames only from the embed hosts', () => {
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('base-uri')).toBe("base-uri 'self'");
    expect(directive('frame-src')).toContain('https://www.youtube.com');
    expect(directive('frame-src')).not.toMatch(/\*|https:(?:\s|$)/);
  });

  it('lets web images in notes load', () => {
    expect(directive('img-src')).toContain('https:');
  });
});

describe('attachment headers', () => {
  it('serves files a browser would run as a page as sandboxed downloads', () => {
    for (const file of ['a/evil.svg', 'x.SVG', 'page.html', 'p.htm', 'x.xhtml', 'x.xml', 'x.js', 'x.mjs']) {
      expect(attachmentHeaders(file), file).toEqual({
        'X-Content-Type-Options': 'nosniff',
        'Content-Disposition': 'attachment',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      });
    }
  });

  it('serves images, PDFs and the rest inline, never sniffed', () => {
    for (const file of ['a.png', 'doc.pdf', 'notes.txt', 'clip.mp4']) {
      expect(attachmentHeaders(file), file).toEqual({ 'X-Content-Type-Options': 'nosniff' });
    }
  });

  it('writes them to _headers at each file URL, nosniff for everything', () => {
    const file = headersFile([
      { url: '/kb/attachments/evil.svg', path: 'Attachments/evil.svg' },
      { url: '/kb/attachments/pic.png', path: 'Attachments/pic.png' },
    ]);
    expect(file).toBe(
      [
        '/*',
        '  X-Content-Type-Options: nosniff',
        '/kb/attachments/evil.svg',
        '  X-Content-Type-Options: nosniff',
        '  Content-Disposition: attachment',
        "  Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; sandbox",
        '',
      ].join('\n'),
    );
  });
});
