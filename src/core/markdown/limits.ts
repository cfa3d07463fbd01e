/**
 * The limits on what one note can make the build do. Markdown parsing is linear for the
 * notes people write, but not for every input: micromark resolves emphasis and brackets by
 * splicing its event list (quadratic in the markers of a paragraph), checks every open
 * container on every line (quadratic in the nesting depth, and worse for indented lists:
 * 1,000 levels took 45 s), and recurses once per level (10,000 levels overflow the stack).
 * Each value is far above what a real note uses, and low enough that the worst input
 * under it costs well under a second; what lies past a limit is shown as plain text, and
 * reported (bounds.ts).
 */

/**
 * Containers (`>` quotes, list markers) opened on one line. Obsidian and GitHub readers
 * lose track long before 100 levels; at 100 the container checks cost nothing.
 */
export const MAX_NESTING = 100;

/**
 * Leading whitespace of a line, in columns: indented lists nest by indentation, 2 to 4
 * columns a level, so 200 columns is 50 to 100 levels (at 200, a 1,000-line staircase
 * parses in ~0.3 s; at 2,000 columns, 45 s).
 */
export const MAX_INDENT = 80;

/**
 * Emphasis and bracket markers (`*`, `_`, `[`, `]` outside `[[wikilinks]]`) in one paragraph: a
 * page of dense formatting has a few hundred; 1,000 resolve in ~30 ms, 10,000 in ~2 s.
 */
export const MAX_INLINE_MARKERS = 1_000;

/**
 * Lines of one paragraph. micromark merges the text of a paragraph by splicing its event
 * list once per line, so a paragraph costs the square of its lines: a 10,000-line paragraph
 * took 9 s, 20,000 lines 32 s; 1,000 lines take ~0.1 s. A longer paragraph is split there
 * (the parser is given a blank line, positions are mapped back to the file's lines).
 */
export const MAX_PARAGRAPH_LINES = 1_000;

/**
 * One line, in characters. No prose line comes near it; it stops a single generated line
 * (a minified blob, a dump) from dominating a page. It is above 300 KB, so a paragraph of
 * 20,000 links still renders, and link handling is linear on its own (analyze.ts).
 */
export const MAX_LINE_LENGTH = 400_000;

/**
 * A whole note, in characters: longer notes render up to here, at a line boundary, with a
 * notice. Parsing and rendering run at roughly 150 KB/s of dense text on one core, so a
 * note at the limit costs a few seconds; the sample vault's longest note is under 20 KB.
 */
export const MAX_NOTE_LENGTH = 500_000;

/** Tags of one note (frontmatter and inline): more than any index page can show usefully. */
export const MAX_TAGS = 500;
