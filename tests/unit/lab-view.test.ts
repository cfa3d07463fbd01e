/**
 * The isolation lab as the reader sees it, without the browser: ```lab blocks rendered at
 * build time (lanes, steps, expectations; parse errors as diagnostics), the state panel's
 * differences, what each step shows after a run, and the replayer the page's worker drives
 * (going back replays on a reset database; a refused statement stops the run on its step).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabReplayer, type LabRunRequest } from '../../src/core/lab/replayer.ts';
import { parseLab } from '../../src/core/lab/spec-parser.ts';
import { verdict } from '../../src/core/lab/expectations.ts';
import { tableViews, valueText } from '../../src/core/lab/view/state-diff.ts';
import { parseEdited } from '../../src/core/lab/view/edited-text.ts';
import { labTextIn } from '../../src/core/lab/lab-text.ts';
import { LANGUAGES } from '../../src/core/i18n/strings.ts';
import { progressEvents, stepStatuses } from '../../src/core/lab/view/step-status.ts';
import { pgliteDataDir } from '../../src/node/sql/datadir.ts';
import { NodeDatabase } from '../../src/node/sql/node-database.ts';
import { memorySite } from './helpers.ts';
import { en } from '../../src/core/i18n/en.ts';

const LOST_UPDATE = `-- title: Lost <update>
-- setup
CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL);
INSERT INTO accounts VALUES (1, 100);
-- steps
A: BEGIN;
A: SELECT balance FROM accounts WHERE id = 1;
B: BEGIN;
B: UPDATE accounts SET balance = balance + 50 WHERE id = 1;
B: COMMIT;
A: UPDATE accounts SET balance = 100 + 10 WHERE id = 1;
A: COMMIT;
B: SELECT balance FROM accounts WHERE id = 1;
-- expect
read committed: ok; B4 = 110; lost update
repeatable read: 40001 at A3; A4 reports ROLLBACK; B4 = 150; prevented`;

const WAIT = `-- setup
CREATE TABLE t (id int PRIMARY KEY, v int);
INSERT INTO t VALUES (1, 10);
-- steps
A: BEGIN;
A: UPDATE t SET v = v + 1 WHERE id = 1;
B: UPDATE t SET v = v * 2 WHERE id = 1;
A: COMMIT;
B: SELECT v FROM t;`;

describe('```lab blocks at build time', () => {
  const site = memorySite({
    'Home.md': 'home',
    'Lab.md': ['# Lab', '', 'Text.', '', '```lab', LOST_UPDATE, '```', '', '```lab', '-- steps', 'A: BEGIN;', 'nonsense here', '```'].join('\n'),
  });

  it('draws a lane per session and a row per step in time order, escaped', async () => {
    const html = await site.render('Lab.md');
    expect(html).toContain('<div class="lab" data-lab-block="0" data-lab="');
    expect(html).toContain('<p class="lab-title">Lost &#x3C;update></p>');
    expect(html.match(/<th scope="col" data-session="[AB]">/g)).toEqual(['<th scope="col" data-session="A">', '<th scope="col" data-session="B">']);
    const rows = [...html.matchAll(/<tr class="lab-row" data-position="(\d+)" data-step="(\w+)">/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(rows).toEqual(['0:A1', '1:A2', '2:B1', '3:B2', '4:B3', '5:A3', '6:A4', '7:B4']);
    // B's first step is in B's column, the second cell of its row.
    expect(html).toMatch(/data-step="B1"><th scope="row" class="lab-time">3<\/th><td class="lab-idle"><\/td><td class="lab-step" data-session="B">/);
    expect(html).toContain('<dt>REPEATABLE READ</dt><dd>40001 at A3; A4 reports ROLLBACK; B4 = 150; prevented</dd>');
    expect(html).toContain('<details class="lab-setup"><summary>Setup</summary>');
  });

  it('reports a block that does not parse at its line, and still renders the page with the error', async () => {
    const [problem] = site.codes('lab-spec');
    expect(problem).toMatchObject({ file: 'Lab.md', line: 27, severity: 'error' });
    expect(problem.message).toMatch(/^lab block: /);
    const html = await site.render('Lab.md');
    expect(html).toContain('data-lab-block="1"');
    expect(html).toContain('data-invalid=""');
    expect(html).toMatch(/<p class="lab-parse-error" role="alert">This lab block cannot run: line 27: /);
  });
});

describe('state panel', () => {
  it('marks the rows a session sees differently from the committed ones', () => {
    const committed = { t: [{ id: 1, v: 10 }, { id: 2, v: null }] };
    const view = { t: [{ id: 1, v: 11 }, { id: 2, v: null }, { id: 3, v: 'x' }] };
    const [table] = tableViews(committed, view);
    expect(table.columns).toEqual(['id', 'v']);
    expect(table.rows.map((r) => `${r.values.join('|')} ${r.mark}`)).toEqual(['1|11 differs', '2|NULL same', '3|x differs', '1|10 unseen']);
    expect(table.rows[1].nulls).toEqual([false, true]);
    expect(tableViews(committed)[0].rows.every((r) => r.mark === 'same')).toBe(true);
  });
});

describe('step statuses', () => {
  it('shows a waiting step waiting for its blocker, then done once it resumed', () => {
    const progress = {
      byStep: [
        [{ kind: 'done' as const, step: 'A1', session: 'A', result: { tag: 'BEGIN' } }],
        [{ kind: 'waiting' as const, step: 'B1', session: 'B', waitsFor: ['A'] }],
        [
          { kind: 'done' as const, step: 'A2', session: 'A', result: { tag: 'COMMIT' } },
          { kind: 'resumed' as const, step: 'B1', session: 'B', after: 'A2', result: { tag: 'UPDATE 1' } },
        ],
      ],
    };
    expect(stepStatuses(['A1', 'B1', 'A2', 'B2'], { byStep: progress.byStep.slice(0, 2) })[1]).toEqual({ state: 'waiting', waitsFor: ['A'] });
    const statuses = stepStatuses(['A1', 'B1', 'A2', 'B2'], progress);
    expect(statuses.map((s) => s.state)).toEqual(['done', 'done', 'done', 'pending']);
    expect(statuses[1]).toEqual({ state: 'done', result: { tag: 'UPDATE 1' }, resumedAfter: 'A2' });
    expect(progressEvents(progress).map((e) => `${e.step} ${e.kind}`)).toEqual(['A1 done', 'B1 waiting', 'A2 done', 'B1 resumed']);
  });
});

describe('the replayer on PGlite', () => {
  let database: NodeDatabase;
  let replayer: LabReplayer;
  const lost = parseLab(LOST_UPDATE);
  const request = (steps: number, level: LabRunRequest['level'] = 'read committed', scenario = lost, key = 'lost'): LabRunRequest => ({
    key: `${key}/${level}`, scenario, level, permutation: 0, steps,
  });

  beforeAll(async () => {
    database = await NodeDatabase.boot(await pgliteDataDir());
    replayer = new LabReplayer(async () => {
      expect(await database.reset()).toBe(true);
      return database.db;
    });
  }, 60_000);
  afterAll(() => database?.close());

  it('runs the lost update under READ COMMITTED and prevents it under REPEATABLE READ', async () => {
    const rc = await replayer.advance(request(8));
    expect(rc.final).toBeDefined();
    expect(verdict(lost, 'read committed', { permutation: lost.permutations[0], level: 'read committed', events: progressEvents(rc) }, en.labText)).toMatchObject({ status: 'pass', line: 'lost update under READ COMMITTED' });
    const rr = await replayer.advance(request(8, 'repeatable read'));
    const statuses = stepStatuses(lost.permutations[0], rr);
    expect(statuses[5]).toMatchObject({ state: 'done', result: { error: { code: '40001' } } });
    expect(verdict(lost, 'repeatable read', { permutation: lost.permutations[0], level: 'repeatable read', events: progressEvents(rr) }, en.labText).status).toBe('pass');
  });

  it('tells, before the setup and before each step, that one starts (the page times each)', async () => {
    let told = 0;
    const timed = new LabReplayer(async () => {
      expect(await database.reset()).toBe(true);
      return database.db;
    }, () => told++);
    await timed.advance(request(3, 'read committed', lost, 'timed'));
    expect(told).toBe(4);
    // Forward on the live run: only the new step.
    await timed.advance(request(4, 'read committed', lost, 'timed'));
    expect(told).toBe(5);
  });

  it('goes back by replaying: the state is the one before the step', async () => {
    const before = await replayer.advance(request(4));
    const after = await replayer.advance(request(5));
    expect(after.state!.committed.accounts).toEqual([{ id: 1, balance: 150 }]);
    const back = await replayer.advance(request(4));
    expect(back.issued).toBe(4);
    expect(back.state).toEqual(before.state);
    expect(back.state!.committed.accounts).toEqual([{ id: 1, balance: 100 }]);
    expect(back.state!.sessions.find((s) => s.name === 'B')).toMatchObject({ transaction: 'active', tables: { accounts: [{ id: 1, balance: 150 }] } });
    expect(back.final).toBeUndefined();
  });

  it('shows the state panel’s tables with columns in table order and rows in primary-key order', async () => {
    const stock = parseLab(`-- setup
CREATE TABLE stock (item text PRIMARY KEY, qty int, ok boolean);
INSERT INTO stock VALUES ('b', 2, true), ('a', 1, false);
CREATE TABLE counts (n int PRIMARY KEY, label text);
INSERT INTO counts VALUES (10, 'ten'), (9, 'nine');
-- steps
A: BEGIN;
A: UPDATE stock SET qty = 3 WHERE item = 'a';
B: SELECT 1;`);
    const run = await replayer.advance(request(2, 'read committed', stock, 'order'));
    const committed = run.state!.committed;
    expect(committed.stock.map((row) => Object.keys(row))).toEqual([['item', 'qty', 'ok'], ['item', 'qty', 'ok']]);
    expect(committed.stock.map((row) => row.item)).toEqual(['a', 'b']);
    expect(committed.counts.map((row) => row.n)).toEqual([9, 10]);
    const mine = run.state!.sessions.find((s) => s.name === 'A')!.tables;
    const view = tableViews(committed, mine).find((t) => t.table === 'stock')!;
    expect(view.columns).toEqual(['item', 'qty', 'ok']);
    expect(view.rows.map((r) => r.values)).toEqual([['a', '3', 'f'], ['b', '2', 't'], ['a', '1', 'f']]);
  });

  it('runs columns whose names hold dots and quotes, and such a table, as PostgreSQL reads them quoted', async () => {
    const dotted = parseLab(`-- setup
CREATE TABLE "My ""t""" (id int PRIMARY KEY, "v.w" int, "q""r" text);
INSERT INTO "My ""t""" VALUES (1, 10, 'a');
-- steps
A: BEGIN;
A: UPDATE "My ""t""" SET "v.w" = "v.w" + 1 WHERE id = 1;
B: UPDATE "My ""t""" SET "v.w" = "v.w" * 2, "q""r" = 'b' WHERE id = 1;
A: COMMIT;
B: SELECT "v.w" FROM "My ""t""";`);
    const run = await replayer.advance(request(5, 'read committed', dotted, 'dotted'));
    expect(run.refused).toBeUndefined();
    expect(stepStatuses(dotted.permutations[0], run)[2]).toMatchObject({ state: 'done', result: { tag: 'UPDATE 1' }, resumedAfter: 'A3' });
    expect(run.state!.committed['My "t"']).toEqual([{ id: 1, 'v.w': 22, 'q"r': 'b' }]);
    const back = await replayer.advance(request(3, 'read committed', dotted, 'dotted'));
    expect(back.state!.committed['My "t"']).toEqual([{ id: 1, 'v.w': 10, 'q"r': 'a' }]);
  });

  it('shows a step waiting for the session that holds the row, and its result after that COMMIT', async () => {
    const wait = parseLab(WAIT);
    const waiting = await replayer.advance(request(3, 'read committed', wait, 'wait'));
    expect(stepStatuses(wait.permutations[0], waiting)[2]).toEqual({ state: 'waiting', waitsFor: ['A'] });
    expect(waiting.state!.sessions.find((s) => s.name === 'B')!.waiting).toEqual({ step: 'B1', for: ['A'] });
    const resumed = await replayer.advance(request(4, 'read committed', wait, 'wait'));
    expect(stepStatuses(wait.permutations[0], resumed)[2]).toEqual({ state: 'done', result: { tag: 'UPDATE 1' }, resumedAfter: 'A3' });
  });

  it('stops on a refused statement, names it on its step, and can still go back', async () => {
    const refused = parseLab('-- setup\nCREATE TABLE t (id int);\n-- steps\nA: BEGIN;\nA: CREATE INDEX ON t (id);\nB: SELECT 1;');
    const run = await replayer.advance(request(3, 'read committed', refused, 'refused'));
    expect(run.issued).toBe(1);
    expect(run.refused).toMatchObject({ step: 'A2', position: 1 });
    expect(run.refused!.message).toMatch(/put it in the setup/);
    expect(stepStatuses(refused.permutations[0], run)[1]).toMatchObject({ state: 'refused' });
    const back = await replayer.advance(request(1, 'read committed', refused, 'refused'));
    expect(back.refused).toBeUndefined();
    expect(back.issued).toBe(1);
  });

  it('reports a failing setup as refused before any step', async () => {
    const broken = parseLab('-- setup\nCREATE TABLE t (id int;\n-- steps\nA: SELECT 1;');
    const run = await replayer.advance(request(1, 'read committed', broken, 'broken'));
    expect(run.refused).toMatchObject({ message: expect.stringMatching(/setup block 1 failed/) });
    expect(run.state).toBeUndefined();
    expect(run.issued).toBe(0);
  });
});

describe('the state panel values', () => {
  it('prints values as the steps do (psql): booleans t and f, numbers and JSON as text', () => {
    expect([true, false, 150, 'x', { a: 1 }, null].map(valueText)).toEqual(['t', 'f', '150', 'x', '{"a":1}', 'NULL']);
  });
});

describe('an edited lab', () => {
  const lab = [
    '-- setup',
    'CREATE TABLE t (id int PRIMARY KEY, v int);',
    '-- steps',
    'A: BEGIN;',
    'A: SELECT v FROM t;',
    'B: SELECT v FROM t;',
    '-- expect',
    'read committed: ok; B1 = 1; fine',
    'repeatable read: ok; B4 = 2; renamed',
  ].join('\n');

  it('runs edited steps: an expectation naming a step that is gone is set aside and said', () => {
    const { scenario, setAside } = parseEdited(lab, parseLab);
    expect(scenario.sessions.flatMap((s) => s.steps.map((step) => step.name))).toEqual(['A1', 'A2', 'B1']);
    // Kept as texts, for the page to word in its language.
    expect(setAside.map((text) => labTextIn(en.labText, text))).toEqual(['line 9: unknown step "B4" (steps: A1, A2, B1)']);
    expect(labTextIn(LANGUAGES.uk.labText, setAside[0], 'uk')).toBe('рядок 9: невідомий крок «B4» (кроки: A1, A2, B1)');
    expect(Object.keys(scenario.expected)).toEqual(['read committed']);
  });

  it('still refuses a mistake in the steps themselves, with its line', () => {
    expect(() => parseEdited(lab.replace('A: BEGIN;', 'A BEGIN;'), parseLab)).toThrow(/line 4/);
  });
});
