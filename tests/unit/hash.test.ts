/** sha256OfText against node:crypto: tag URLs and card file names must not change with the library. */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { sha256OfText } from '../../src/core/hash.ts';

it('sha256OfText gives node:crypto’s digest of the UTF-8 text, lone surrogates included', () => {
  for (const text of ['', 'c++', 'тег/подтег', '数据库', '😀'.repeat(100), 'a\uD800b', '\uDC00', 'x'.repeat(1000)]) {
    expect(sha256OfText(text)).toBe(createHash('sha256').update(text).digest('hex'));
  }
});
