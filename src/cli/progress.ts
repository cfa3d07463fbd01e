/**
 * The check's progress (notes read, pages rendered, notes whose snippets ran), on stderr so
 * a JSON report on stdout stays one document: on a terminal one line rewritten in place,
 * elsewhere (CI logs) one plain line per finished step.
 */
import type { CheckProgress } from '../node/site/check-vault.ts';

const LABEL = { read: 'notes read', render: 'pages rendered', snippets: 'notes with snippets checked' } as const;

export function progressDisplay(stream: NodeJS.WriteStream = process.stderr): { progress: CheckProgress; end: () => void } {
  let shown = false;
  return {
    progress(step, done, total) {
      const text = `${LABEL[step]}: ${done}${total !== done ? `/${total}` : ''}`;
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${text}`);
        shown = true;
      } else if (done === total) stream.write(`${text}\n`);
    },
    end() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
