/** vault-path.ts against Node's path.posix on every path of up to six characters from `a . / \`. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { basename, dirname, extname, joinPath } from '../../src/core/vault/vault-path.ts';

function allPaths(maxLength: number): string[] {
  const out = [''];
  let previous = [''];
  for (let length = 1; length <= maxLength; length++) {
    previous = previous.flatMap((prefix) => ['a', '.', '/', '\\'].map((c) => prefix + c));
    out.push(...previous);
  }
  return out;
}

describe('vault paths', () => {
  it('basename, extname and dirname give what path.posix gives', () => {
    for (const p of allPaths(6)) {
      expect([p, basename(p)]).toEqual([p, path.posix.basename(p)]);
      expect([p, extname(p)]).toEqual([p, path.posix.extname(p)]);
      expect([p, dirname(p)]).toEqual([p, path.posix.dirname(p)]);
    }
  });

  it('joinPath gives path.posix.normalize(path.posix.join(…))', () => {
    const paths = allPaths(4);
    for (const folder of paths) {
      for (const relative of paths) {
        const want = path.posix.normalize(path.posix.join(folder, relative));
        if (joinPath(folder, relative) !== want) expect([folder, relative, joinPath(folder, relative)]).toEqual([folder, relative, want]);
      }
    }
  });
});
