/**
 * What the words after ```sql ask for. Readable in Obsidian, which shows the info string as
 * it is:
 *
 *   ```sql                      runnable (the default), in the page's database
 *   ```sql norun                shown only
 *   ```sql setup                runs before the page's other blocks; shown collapsed
 *   ```sql expect-error         must fail (any error)…
 *   ```sql expect-error=23505   …with this SQLSTATE…
 *   ```sql expect-error="duplicate key"   …or with this text in the message
 *   ```sql db=bank              a separate database on the same page (default: main)
 *   ```sql show=schema,changes  views to draw after it runs (see issue 4)
 *
 * A fenced ```output block right after a runnable block is its expected output (psql's format).
 */
export interface SqlBlockOptions {
  runnable: boolean;
  setup: boolean;
  db: string;
  expectError?: { code?: string; message?: string };
  show: string[];
}

export const DEFAULT_DB = 'main';
export const SHOW_VIEWS = ['schema', 'changes', 'tables'];
const SQLSTATE = /^[0-9A-Z]{5}$/;

/** `expect-error=` names a SQLSTATE (five digits or capitals), else text the message must contain. */
export function expectedErrorFrom(value: string | undefined): NonNullable<SqlBlockOptions['expectError']> {
  if (value === undefined || value === '') return {};
  return SQLSTATE.test(value) ? { code: value } : { message: value };
}
const TOKEN = /([\w-]+)(?:=("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s]+))?/g;

export function parseSqlMeta(meta: string | null | undefined): { options: SqlBlockOptions; problems: string[] } {
  const options: SqlBlockOptions = { runnable: true, setup: false, db: DEFAULT_DB, show: [] };
  const problems: string[] = [];
  for (const match of (meta ?? '').matchAll(TOKEN)) {
    const key = match[1].toLowerCase();
    const raw = match[2];
    const value = raw?.replace(/^(["'])([\s\S]*)\1$/, '$2');
    switch (key) {
      case 'norun':
        options.runnable = false;
        break;
      case 'setup':
        options.setup = true;
        break;
      case 'expect-error':
        options.expectError = expectedErrorFrom(value);
        break;
      case 'db':
        if (value && /^[\w-]+$/.test(value)) options.db = value;
        else problems.push('`db=` needs a name of letters, digits, `_` or `-`');
        break;
      case 'show': {
        const views = (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);
        const unknown = views.filter((v) => !SHOW_VIEWS.includes(v));
        if (unknown.length > 0) problems.push(`unknown view ${unknown.map((v) => `\`${v}\``).join(', ')} in show=; known: ${SHOW_VIEWS.join(', ')}`);
        options.show = views.filter((v) => SHOW_VIEWS.includes(v));
        break;
      }
      default:
        problems.push(`unknown sql block option \`${match[0]}\`; known: norun, setup, expect-error[=SQLSTATE|"text"], db=name, show=views`);
    }
  }
  if (options.setup && options.expectError) problems.push('a setup block cannot expect an error');
  return { options, problems };
}

/** Whether an error is the one the block expects. */
export function matchesExpectedError(expected: SqlBlockOptions['expectError'], error: { code: string; message: string } | undefined): boolean {
  if (!expected || !error) return false;
  if (expected.code) return error.code === expected.code;
  if (expected.message) return error.message.toLowerCase().includes(expected.message.toLowerCase());
  return true;
}
