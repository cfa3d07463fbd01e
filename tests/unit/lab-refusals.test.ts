/**
 * The README's list of what the lab refuses is the refusal module's list (src/core/lab/engine/
 * refusals.ts), line for line, so it cannot drift from what the engine says.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REFUSALS, refusalSummaries } from '../../src/core/lab/engine/refusals.ts';

describe('lab refusals', () => {
  it('are listed in the README exactly', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /<!-- lab-refusals:start -->\n([\s\S]*?)\n<!-- lab-refusals:end -->/.exec(readme)?.[1];
    expect(block, 'README.md has no lab-refusals block').toBeDefined();
    expect(block!.split('\n')).toEqual(refusalSummaries().map((s) => `- ${s}`));
  });

  it('give a message for every entry, with its arguments named', () => {
    expect(REFUSALS.sessionAdvisoryLocks).toMatch(/session-level advisory locks outlive transactions/);
    expect(REFUSALS.setting('work_mem', ['a', 'b'])).toBe('the setting `work_mem` is not modelled (the lab models a, b)');
    expect(REFUSALS.schema(['the rule r on t'])).toMatch(/^the setup makes the rule r on t: /);
  });
});
