/**
 * The sample wiki's runnable SQL and Python in the reader's browser (issues 6 and 11): every
 * note with runnable blocks is opened, each block the reader can see is run with its Run button in page order,
 * and every block (setup blocks, run by the chain, included) must end as its author meant:
 * run, or failed with the error it expects. The notes are found from the vault's files with
 * the renderer's own block parser, so a note added later is visited without editing this test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { prepareTree } from '../../src/core/markdown/analyze.ts';
import { findPythonBlocks } from '../../src/core/python/blocks.ts';
import { findSqlBlocks } from '../../src/core/sql/blocks.ts';
import { noteBody } from '../../src/core/vault/frontmatter.ts';
import { noteSlug } from '../../src/core/vault/slug.ts';
import { waitFor } from '../support/waits.ts';

const VAULT = 'src/content';
/** Outcomes of a block that did what its author meant (src/scripts/sql/outcome.ts). */
const AS_MEANT = /^(ok|failed-as-expected)$/;

const notes = (readdirSync(VAULT, { recursive: true }) as string[])
  .map((f) => f.split(path.sep).join('/'))
  .filter((f) => f.endsWith('.md'))
  .map((file) => {
    const { tree } = prepareTree(noteBody(readFileSync(path.join(VAULT, file), 'utf8')), { mdx: false });
    return { file, runnable: [...findSqlBlocks(tree), ...findPythonBlocks(tree)].filter((b) => b.options.runnable).length };
  })
  .filter((note) => note.runnable > 0);

test('the sample wiki has notes with runnable SQL', () => {
  expect(notes.length).toBeGreaterThanOrEqual(8);
});

for (const { file, runnable } of notes) {
  test(`every block of ${file} runs as its author meant`, async ({ page }) => {
    // A page with Python blocks loads Pyodide and SQLAlchemy first.
    test.setTimeout(waitFor(180_000).timeout);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const url = `${process.env.SAMPLE_URL}${noteSlug(file).split('/').map(encodeURIComponent).join('/')}/`;
    await page.goto(url);

    const blocks = page.locator('.sql-block');
    await expect(blocks).toHaveCount(runnable);
    for (let i = 0; i < runnable; i++) {
      const block = blocks.nth(i);
      const run = block.locator('.sql-run');
      // Setup blocks are folded away; the chain runs them before the first visible block.
      if (!(await run.isVisible())) continue;
      await run.click();
      await expect(block).toHaveAttribute('data-state', /^(?!running$)/, { timeout: 60_000 });
      await expect(block, `${file}: block ${i + 1} of ${runnable}`).toHaveAttribute('data-state', AS_MEANT);
    }
    for (let i = 0; i < runnable; i++) {
      await expect(blocks.nth(i), `${file}: block ${i + 1} of ${runnable} after the page ran`).toHaveAttribute('data-state', AS_MEANT);
    }
    expect(errors).toEqual([]);
  });
}
