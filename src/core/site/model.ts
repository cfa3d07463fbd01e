/** The site as the pages see it: notes, files, tags and backlinks, all resolved. */
import type { Diagnostic } from '../diagnostics.ts';
import type { NoteFacts } from '../markdown/analyze.ts';
import type { LinkIndex } from '../links/link-index.ts';
import type { FolderRules } from '../vault/folders.ts';

export interface SiteOptions {
  /** Absolute path of the vault. */
  vaultDir: string;
  /** URL prefix the site is served under, with leading and trailing `/`. */
  base: string;
  /**
   * The vault's language: the language of every note whose frontmatter does not give one,
   * and the site pages' interface language. Unset, each note's is detected from its text.
   */
  lang?: string;
  /** Read last-modified dates from git when the vault is in a repository. */
  gitDates?: boolean;
  /** Keep CommonMark's line breaks (Obsidian's "Strict line breaks" setting); off, a single newline breaks the line. */
  strictLineBreaks?: boolean;
  /** Publish `.mdx` notes (they run code at build time); off, each is reported and left out. */
  mdx?: boolean;
  /** The folders published and ignored (the vault's configuration); all of the vault when absent. */
  folders?: FolderRules;
}

export interface Note {
  path: string;
  absPath: string;
  isNote: true;
  isMdx: boolean;
  /** URL path below the base, without slashes at either end; '' for the home note. */
  slug: string;
  url: string;
  title: string;
  aliases: string[];
  /** Tags of the note (frontmatter and inline), as first written, without `#`. */
  tags: string[];
  /** Where each of `tags` is first written (column 1 for frontmatter tags), for diagnostics. */
  tagPlaces: { name: string; line: number; column: number }[];
  /** Frontmatter `lang`, else the vault's configured language, else `detectedLang`, else the site's. */
  lang: string;
  /** The language of the note's prose by its script and words (language.ts); '' when too short to tell. */
  detectedLang: string;
  updated: Date;
  updatedFrom: 'frontmatter' | 'git' | 'file';
  /** Author of the last commit, when the date comes from git. */
  updatedBy?: string;
  description: string;
  frontmatter: Record<string, unknown>;
  /** Note text with the frontmatter blanked out, line for line. */
  body: string;
  facts: NoteFacts;
}

export interface Attachment {
  path: string;
  absPath: string;
  isNote: false;
  slug: string;
  url: string;
  size: number;
}

export type VaultItem = Note | Attachment;

export interface Backlink {
  from: Note;
  contexts: string[];
}

export interface TagInfo {
  /** Lower-case identity, `/`-nested: `sqlalchemy/orm`. */
  key: string;
  /** As first written. */
  name: string;
  url: string;
  /** Notes tagged with this tag itself. */
  direct: Note[];
  /** Notes tagged with it or any tag nested under it. */
  all: Note[];
  children: string[];
}

export interface Site {
  options: SiteOptions;
  lang: string;
  notes: Note[];
  attachments: Attachment[];
  home?: Note;
  index: LinkIndex<VaultItem>;
  noteBySlug: Map<string, Note>;
  backlinks: Map<string, Backlink[]>;
  tags: Map<string, TagInfo>;
  /** Paths of notes left out with `publish: false` or `draft: true`. */
  unpublished: Set<string>;
  /** The vault's folder in its git repository (`''` at the root, else ending in `/`); undefined outside git. */
  vaultInRepository?: string;
  diagnostics: Diagnostic[];
}
