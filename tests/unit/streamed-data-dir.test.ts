/**
 * The data directory streamed into PGlite's file system (src/scripts/sql/streamed-data-dir.ts
 * on core/sql/tar-stream.ts), as the browser boots every database: from the prebuilt gzipped
 * data directory and from a plain-tar snapshot, the tar read from chunks of any size, and an
 * entry it does not read refused by name; the data directory carries no WAL a start does not need.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { readTar, type TarEntry } from '../../src/core/sql/tar-stream.ts';
import { pgliteDataDir } from '../../src/node/sql/datadir.ts';
import { StreamedDataDir } from '../../src/scripts/sql/streamed-data-dir.ts';

/** `bytes` as chunks of `size` bytes. */
function chunks(bytes: Uint8Array, size: number): () => Promise<Uint8Array | undefined> {
  let at = 0;
  return async () => {
    if (at >= bytes.length) return undefined;
    at += size;
    return bytes.subarray(at - size, at);
  };
}

describe('readTar', () => {
  it('reads PGlite\'s data directory from chunks of any size, each file its own array', async () => {
    const tar = gunzipSync(await readFile(await pgliteDataDir()));
    const whole: TarEntry[] = [];
    await readTar(chunks(tar, tar.length), (e) => whole.push(e));
    const odd: TarEntry[] = [];
    await readTar(chunks(tar, 777), (e) => odd.push(e));
    expect(odd.map((e) => [e.name, e.type, e.data.length])).toEqual(whole.map((e) => [e.name, e.type, e.data.length]));
    const version = odd.find((e) => e.name === '/PG_VERSION')!;
    expect(new TextDecoder().decode(version.data).trim()).toMatch(/^\d+$/);
    expect(version.data.buffer.byteLength).toBe(version.data.length);
    expect(odd.filter((e) => e.type === 'directory').map((e) => e.name)).toContain('/base');
  });

  it('refuses an entry type it does not read, by name', async () => {
    const header = new Uint8Array(512);
    header.set(new TextEncoder().encode('/a-link'), 0);
    header.set(new TextEncoder().encode('00000000000\0'), 124);
    header[156] = '2'.charCodeAt(0);
    await expect(readTar(chunks(header, 512), () => undefined)).rejects.toThrow("tar: /a-link has entry type '2', which is not read");
  });
});

describe('StreamedDataDir', () => {
  it('boots PGlite from the gzipped data directory, and from a plain-tar snapshot of it', async () => {
    const gz = new Blob([await readFile(await pgliteDataDir())]);
    const first = await PGlite.create({ fs: new StreamedDataDir(gz) });
    try {
      await first.exec("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('from the snapshot'); CHECKPOINT;");
      const snapshot = await first.dumpDataDir('none');
      const second = await PGlite.create({ fs: new StreamedDataDir(snapshot) });
      try {
        expect((await second.query<{ v: string }>('SELECT v FROM kept')).rows).toEqual([{ v: 'from the snapshot' }]);
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
    }
  });
});

describe('the prebuilt data directory', () => {
  it('keeps only the WAL a start needs, and a database started from it writes past that WAL', async () => {
    const entries: TarEntry[] = [];
    await readTar(chunks(gunzipSync(await readFile(await pgliteDataDir())), 1 << 16), (e) => entries.push(e));
    const segments = entries.filter((e) => /\/pg_wal\/[0-9A-F]{24}$/.test(e.name));
    // initdb leaves seven 1 MB segments; only the redo point's and the insert position's stay
    // (one and the same here).
    expect(segments.length).toBeLessThan(3);
    const db = await PGlite.create({ fs: new StreamedDataDir(new Blob([await readFile(await pgliteDataDir())])) });
    try {
      // ~3 MB of WAL: PostgreSQL has to create the segments the data directory does not carry.
      await db.exec("CREATE TABLE filler AS SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 12000) g; CHECKPOINT;");
      const { rows } = await db.query<{ segments: number; count: number }>(
        "SELECT (SELECT count(*) FROM pg_ls_waldir())::int AS segments, (SELECT count(*) FROM filler)::int AS count",
      );
      expect(rows[0].count).toBe(12000);
      expect(rows[0].segments).toBeGreaterThan(1);
    } finally {
      await db.close();
    }
  });
});
