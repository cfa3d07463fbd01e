import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeOgImages } from '../../src/shell/og-images.ts';
import { ogCardSlug, type OgCard } from '../../src/core/site/og-card.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'vault-kb-og-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (file: string) => {
  const png = readFileSync(file);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
};

describe('social images', () => {
  const cyrillic: OgCard = { title: 'Каскадное удаление', folders: ['Отношения'], siteName: 'База знаний' };
  const chinese: OgCard = { title: '会话与事务', folders: ['中文'], siteName: 'Wiki' };

  it('are drawn at 1200×630 once per content, and copied from the cache afterwards', async () => {
    const cache = path.join(dir, 'cache');
    const first = await writeOgImages([cyrillic, chinese], cache, path.join(dir, 'out1'));
    expect(first).toEqual({ drawn: 2, total: 2 });
    for (const card of [cyrillic, chinese]) expect(pngSize(path.join(dir, 'out1', ogCardSlug(card)))).toEqual([1200, 630]);

    const changed = { ...cyrillic, title: 'Каскадное удаление строк' };
    const second = await writeOgImages([cyrillic, chinese, changed], cache, path.join(dir, 'out2'));
    expect(second).toEqual({ drawn: 1, total: 3 });
    expect(readFileSync(path.join(dir, 'out2', ogCardSlug(chinese)))).toEqual(readFileSync(path.join(dir, 'out1', ogCardSlug(chinese))));
  });
});
