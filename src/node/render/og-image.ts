/**
 * Draws the social image (OpenGraph card, og-card.ts) of a page: its title, its folder and the site's name on
 * a 1200×630 card, laid out by satori (HTML-like boxes to SVG, with the fonts given) and
 * drawn to PNG by resvg. Fonts come from npm font packages (Noto Sans for Latin, Cyrillic and
 * Greek; Noto Sans SC for Chinese and full-width forms), read from
 * node_modules: nothing is downloaded. Noto Sans SC comes in a hundred pieces by Unicode
 * range; a card loads only the pieces its text uses.
 */
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { threadId } from 'node:worker_threads';
import { createRequire } from 'node:module';
import path from 'node:path';
import satori, { type Font } from 'satori';
import { Resvg } from '@resvg/resvg-js';
import { folderLine, ogCardKey, type OgCard } from '../../core/site/og-card.ts';

export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;

/** Title size by length, so a short title fills the card and a long one still fits in four lines. */
function titleSize(title: string): number {
  const length = [...title].length;
  return length <= 30 ? 76 : length <= 60 ? 64 : length <= 110 ? 52 : 44;
}

type Box = { type: string; props: { style: Record<string, unknown>; children?: Box[] | string } };

const box = (style: Record<string, unknown>, children?: Box[] | string): Box => ({ type: 'div', props: { style, children } });

const ACCENT = '#6b3fd4';

/** The card's boxes (satori reads React-like elements; these are plain objects, no JSX). */
export function cardLayout(card: OgCard): Box {
  const folder = folderLine(card.folders);
  const ellipsis = { flexShrink: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' };
  return box(
    { width: OG_WIDTH, height: OG_HEIGHT, display: 'flex', flexDirection: 'column', boxSizing: 'border-box', background: '#fbfaff', fontFamily: FAMILIES, borderTop: `18px solid ${ACCENT}`, padding: '56px 72px' },
    [
      box({ display: 'flex', fontSize: 34, fontWeight: 700, color: ACCENT, ...ellipsis }, card.siteName || ' '),
      box({ display: 'flex', flexGrow: 1, minHeight: 0, alignItems: 'center', overflow: 'hidden' }, [
        box({ display: 'block', maxWidth: '100%', fontSize: titleSize(card.title), fontWeight: 700, color: '#1d1a26', lineHeight: 1.2, lineClamp: 4, overflow: 'hidden', wordBreak: 'break-word' }, card.title),
      ]),
      box({ display: 'flex', fontSize: 30, color: '#5d5870', ...ellipsis }, folder || ' '),
    ],
  );
}

const require = createRequire(import.meta.url);

function fontFiles(pkg: string, weight: number): { file: string; ranges: [number, number][] }[] {
  const dir = path.dirname(require.resolve(`${pkg}/package.json`));
  const css = readFileSync(path.join(dir, `${weight}.css`), 'utf8');
  return [...css.matchAll(/@font-face\s*{([^}]*)}/g)].flatMap(([, face]) => {
    const woff = /url\(\.\/(files\/[^)]+\.woff)\)/.exec(face)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(face)?.[1] ?? 'U+0-10FFFF';
    if (!woff) return [];
    const ranges = range.split(',').map((r): [number, number] => {
      const [from, to = from] = r.trim().replace(/^U\+/i, '').split('-');
      return [parseInt(from, 16), parseInt(to, 16)];
    });
    return [{ file: path.join(dir, woff), ranges }];
  });
}

/**
 * Satori keeps one font per name, weight and style: each piece of a family (by Unicode
 * range) gets a name of its own, or all but one would be dropped.
 */
function pieceName(file: string): string {
  return path.basename(file).replace(/-\d+-normal\.woff$/, '');
}

/** Noto Sans in the weights the card uses: loaded once, and kept (satori keeps its parse of them too). */
const baseFonts: Font[] = [400, 700].flatMap((weight) =>
  fontFiles('@fontsource/noto-sans', weight)
    .filter(({ file }) => /-(latin|latin-ext|cyrillic|cyrillic-ext|greek)-\d+-normal\.woff$/.test(file))
    .map(({ file }) => ({ name: pieceName(file), data: readFileSync(file), weight: weight as Font['weight'], style: 'normal' as const })),
);
/** The pieces of Noto Sans in the order a glyph is looked for. */
const FAMILIES = [...new Set(baseFonts.map((f) => f.name))].join(', ');

const cjkPieces = [400, 700].flatMap((weight) => fontFiles('@fontsource/noto-sans-sc', weight).map((piece) => ({ ...piece, weight })));
/** Pieces of Noto Sans SC already handed to satori, which adds them to the fonts it keeps. */
const cjkGiven = new Set<string>();

/** The Noto Sans SC pieces that cover the characters satori found no glyph for, not yet given. */
function cjkFontsFor(text: string): Font[] {
  const codes = [...new Set([...text].map((c) => c.codePointAt(0)!))];
  return cjkPieces
    .filter((piece) => !cjkGiven.has(piece.file) && codes.some((code) => piece.ranges.some(([from, to]) => code >= from && code <= to)))
    .map((piece) => {
      cjkGiven.add(piece.file);
      return { name: pieceName(piece.file), data: readFileSync(piece.file), weight: piece.weight as Font['weight'], style: 'normal' as const };
    });
}

/** The card as a PNG. */
export async function drawOgCard(card: OgCard): Promise<Buffer> {
  const svg = await satori(cardLayout(card) as Parameters<typeof satori>[0], {
    width: OG_WIDTH,
    height: OG_HEIGHT,
    fonts: baseFonts,
    loadAdditionalAsset: async (code, segment) => (code === 'emoji' ? [] : cjkFontsFor(segment)),
  });
  return new Resvg(svg, { fitTo: { mode: 'original' } }).render().asPng();
}

/**
 * Draws cards into `cacheDir` as `<key>.png`. Each file is written under a temporary name
 * and renamed, so a build stopped halfway never leaves a broken image to be reused.
 */
export async function drawCardsInto({ cards, cacheDir }: { cards: OgCard[]; cacheDir: string }): Promise<void> {
  for (const card of cards) {
    const file = path.join(cacheDir, `${ogCardKey(card)}.png`);
    const temporary = `${file}.${process.pid}.${threadId}.tmp`;
    await writeFile(temporary, await drawOgCard(card));
    await rename(temporary, file);
  }
}
