/**
 * A note's bytes as text. UTF-8 (with or without a byte-order mark) and UTF-16 with a BOM
 * (little or big endian, as some Windows editors save) are decoded; anything else, a
 * binary file or broken UTF-8, is refused with the line and column of the first byte that
 * is not text, instead of being published as U+FFFD replacement characters.
 */

export type DecodedNote = { text: string } | { problem: { line: number; column: number; message: string } };

function encodingOf(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** Line and column (1-based, in characters) of byte `offset`, counting the valid UTF-8 before it. */
function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: [...lines[lines.length - 1]].length + 1 };
}

/** The first byte offset where UTF-8 decoding fails (a valid prefix decodes, one byte more does not). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  // Binary search on the longest prefix that decodes (a sequence cut at the end is not an error with `stream`).
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  // The longest decodable prefix may end inside a sequence (`é` in Latin-1 followed by `l`, or
  // the end of the file): the bad sequence then starts at that prefix's last lead byte.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, low));
    return low;
  } catch {
    let start = low - 1;
    while (start > 0 && (bytes[start] & 0xc0) === 0x80) start--;
    return start;
  }
}

export function decodeNote(bytes: Uint8Array): DecodedNote {
  const encoding = encodingOf(bytes);
  try {
    // The BOM is dropped by TextDecoder (ignoreBOM defaults to false).
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    const nul = text.indexOf('\0');
    if (nul === -1) return { text };
    const lines = text.slice(0, nul).split('\n');
    return { problem: { line: lines.length, column: [...lines[lines.length - 1]].length + 1, message: 'the file contains a NUL character: it looks binary, not a note; it is not published' } };
  } catch {
    if (encoding !== 'utf-8') return { problem: { line: 1, column: 1, message: `the file starts with a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()}; it is not published` } };
    const offset = firstInvalidUtf8(bytes);
    return {
      problem: {
        ...positionOfByte(bytes, offset),
        message: `invalid UTF-8 (byte 0x${bytes[offset].toString(16).padStart(2, '0')} at offset ${offset}); save the note as UTF-8. It is not published`,
      },
    };
  }
}

/** The text of a note already read once (decoded then): for re-reads by worker threads. */
export function noteText(bytes: Uint8Array): string {
  const decoded = decodeNote(bytes);
  if ('problem' in decoded) throw new Error(decoded.problem.message);
  return decoded.text;
}
