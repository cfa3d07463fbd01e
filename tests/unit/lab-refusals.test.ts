/**
 * The README's list of what the lab refuses is the refusal module's list (src/core/lab/engine/
 * refusals.ts), line for line, so it cannot drift from what the engine says.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/core/i18n/en.ts';
import { LANGUAGES } from '../../src/core/i18n/strings.ts';
import { REFUSAL_LIST, REFUSALS, refusalSummaries } from '../../src/core/lab/engine/refusals.ts';
import { labMessage, labTextIn, type LabText } from '../../src/core/lab/lab-text.ts';
import { LabRunError } from '../../src/core/lab/run-error.ts';

describe('lab refusals', () => {
  it('are listed in the README exactly', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /<!-- lab-refusals:start -->\n([\s\S]*?)\n<!-- lab-refusals:end -->/.exec(readme)?.[1];
    expect(block, 'README.md has no lab-refusals block').toBeDefined();
    expect(block!.split('\n')).toEqual(refusalSummaries().map((s) => `- ${s}`));
  });

  it('give a message for every entry, with its arguments named', () => {
    const english = (text: LabText) => labTextIn(en.labText, text);
    expect(english(REFUSALS.sessionAdvisoryLocks)).toMatch(/session-level advisory locks outlive transactions/);
    expect(english(REFUSALS.setting('work_mem', ['a', 'b']))).toBe('the setting `work_mem` is not modelled (the lab models a, b)');
    const rule = labMessage('findings', 'rule', { name: 'r', parent: 't' });
    expect(english(REFUSALS.schema([rule]))).toMatch(/^the setup makes the rule r on t: /);
    // Every entry has its text in the string table (tests/unit/i18n.test.ts: in every language).
    expect(Object.keys(REFUSAL_LIST).filter((key) => !(key in en.labText.refusals))).toEqual([]);
  });

  it('are worded in the page’s language, step names, SQL and values as written', () => {
    const sql = 'SELECT pg_advisory_lock(1)';
    const refused = new LabRunError(labMessage('run', 'atStep', { step: 'A2', sql, reason: REFUSALS.sessionAdvisoryLocks }));
    expect(refused.message).toBe(`step A2, \`${sql}\`: session-level advisory locks outlive transactions, and the lab models transactions only: use pg_advisory_xact_lock (released at COMMIT or ROLLBACK)`);
    const russian = labTextIn(LANGUAGES.ru.labText, refused.text);
    expect(russian).toMatch(/^шаг A2, `SELECT pg_advisory_lock\(1\)`: /);
    expect(russian).toContain('pg_advisory_xact_lock');
    expect(russian).not.toContain('outlive');
    const setting = labTextIn(LANGUAGES.it.labText, REFUSALS.setting('work_mem', ['a', 'b']));
    expect(setting).toContain('`work_mem`');
    expect(setting).not.toContain('is not modelled');
  });
});
