/**
 * A note's language when neither its frontmatter nor the vault's configuration says: the
 * script its prose is written in (code blocks skipped); Cyrillic by the letters only
 * Ukrainian or Belarusian have; Latin text by franc's trigram statistics. Search picks the
 * page's stemmer or word segmentation from it, and the interface around the note speaks it.
 *
 * franc-min (by the author of remark, which parses the notes) was chosen over tinyld and
 * eld: it is maintained with the unified family, has no dependencies beyond its trigram
 * helper, and can be limited to one script's languages, so a handful of English words in a
 * Chinese note cannot make it English.
 */
import { franc } from 'franc-min';

const FENCED = /^(```|~~~)[\s\S]*?^\1/gm;
/** Inline code, links' targets, HTML tags and wikilinks' targets: names, not prose. */
const NOT_PROSE = /`[^`\n]*`|\]\([^)\n]*\)|<[^>\n]*>|\[\[[^\]|\n]*\|?|https?:\/\/\S+/g;

/** franc's ISO 639-3 codes → the ISO 639-1 codes `<html lang>` and Pagefind use. */
const ISO_639_1: Record<string, string> = {
  eng: 'en', ita: 'it', deu: 'de', fra: 'fr', spa: 'es', por: 'pt', nld: 'nl', pol: 'pl',
  ces: 'cs', swe: 'sv', hun: 'hu', ron: 'ro', tur: 'tr', ind: 'id', vie: 'vi', hrv: 'hr',
  bos: 'bs', srp: 'sr', swh: 'sw', tgl: 'tl', jav: 'jv', zul: 'zu', som: 'so',
};
const LATIN = ['eng', 'ita', 'deu', 'fra', 'spa', 'por', 'nld', 'pol', 'ces', 'swe', 'hun', 'ron', 'tur', 'ind', 'vie', 'hrv'];

/** Scripts written by one language each (as far as a knowledge base is concerned). */
const SINGLE_SCRIPT: [RegExp, string][] = [
  [/\p{Script=Hangul}/gu, 'ko'],
  [/\p{Script=Greek}/gu, 'el'],
  [/\p{Script=Hebrew}/gu, 'he'],
  [/\p{Script=Thai}/gu, 'th'],
  [/\p{Script=Arabic}/gu, 'ar'],
  [/\p{Script=Devanagari}/gu, 'hi'],
  [/\p{Script=Armenian}/gu, 'hy'],
  [/\p{Script=Georgian}/gu, 'ka'],
];

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

export function detectLanguage(body: string): string | undefined {
  const prose = body.replace(FENCED, '').replace(NOT_PROSE, ' ').slice(0, 20000);
  const latin = count(prose, /\p{Script=Latin}/gu);
  // Two Han characters or kana are about a word: a Chinese list of contributors' names is Chinese.
  const han = count(prose, /\p{Script=Han}/gu);
  const kana = count(prose, /[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  if ((han + kana) * 2 >= count(prose, /\p{Script=Latin}+/gu) && han + kana >= 5) return kana * 10 >= han + kana ? 'ja' : 'zh';
  for (const [pattern, lang] of SINGLE_SCRIPT) {
    const n = count(prose, pattern);
    if (n >= 10 && n * 2 >= latin) return lang;
  }
  const cyrillic = count(prose, /\p{Script=Cyrillic}/gu);
  if (cyrillic + latin < 20) return undefined;
  // Trigrams confuse Russian and Ukrainian in short notes; the letters only Ukrainian has do not.
  if (cyrillic >= latin * 0.5) return /[іїєґ]/iu.test(prose) ? 'uk' : /ў/iu.test(prose) ? 'be' : 'ru';
  const code = franc(prose.replace(/[^\p{Script=Latin}\s'’]+/gu, ' '), { only: LATIN, minLength: 20 });
  return ISO_639_1[code] ?? 'en';
}

export function majorityLanguage(langs: Iterable<string>, fallback = 'en'): string {
  const counts = new Map<string, number>();
  for (const lang of langs) counts.set(lang, (counts.get(lang) ?? 0) + 1);
  let best = fallback;
  let bestCount = 0;
  for (const [lang, count] of counts) if (count > bestCount) [best, bestCount] = [lang, count];
  return best;
}
