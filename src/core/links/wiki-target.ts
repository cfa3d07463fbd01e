/**
 * The inside of `[[…]]`: `path#Heading#Sub|alias`, `path#^block`, `#Heading` (same note),
 * `file.png|300x200`. Only splits the text; finding what it points to is the job of
 * site/resolve-link.ts (over links/link-index.ts).
 */
export type Subpath = { kind: 'heading'; parts: string[] } | { kind: 'block'; id: string };

export interface WikiTarget {
  /** The link path as written (may be empty for same-note links). */
  path: string;
  subpath?: Subpath;
}

export function parseLinkTarget(raw: string): WikiTarget {
  // In tables authors escape the alias pipe as `\|`; the parser leaves the backslash on the target.
  const value = raw.replace(/\\$/, '').trim();
  const hash = value.indexOf('#');
  if (hash === -1) return { path: value };
  const path = value.slice(0, hash).trim();
  const rest = value.slice(hash + 1);
  if (rest.startsWith('^')) return { path, subpath: { kind: 'block', id: rest.slice(1).trim().toLowerCase() } };
  const parts = rest.split('#').map((p) => p.trim()).filter(Boolean);
  return parts.length > 0 ? { path, subpath: { kind: 'heading', parts } } : { path };
}

/** The text Obsidian shows for a link without an alias: `Note > Heading`, `Note > ^block`. */
export function defaultLinkText(target: WikiTarget): string {
  const sub = target.subpath;
  const tail = sub === undefined ? [] : sub.kind === 'block' ? [`^${sub.id}`] : sub.parts;
  return [target.path, ...tail].filter(Boolean).join(' > ');
}

/** `300`, `300x200` in an embed alias are sizes, anything else is alt text. */
export function parseEmbedSize(alias: string | undefined): { width?: number; height?: number; alt?: string } {
  if (!alias) return {};
  const parts = alias.split('|').map((p) => p.trim());
  const result: { width?: number; height?: number; alt?: string } = {};
  for (const part of parts) {
    const size = /^(\d+)(?:x(\d+))?$/.exec(part);
    if (size) {
      result.width = Number(size[1]);
      if (size[2]) result.height = Number(size[2]);
    } else if (part) result.alt = part;
  }
  return result;
}
