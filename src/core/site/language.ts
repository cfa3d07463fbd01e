/**
 * A note's language when its frontmatter does not say: Cyrillic or Latin letters in its
 * prose (code blocks skipped). Search uses it to pick the stemmer for the page.
 */
const FENCED = /^(```|~~~)[\s\S]*?^\1/gm;

export function detectLanguage(body: string): 'ru' | 'en' | undefined {
  const prose = body.replace(FENCED, '').slice(0, 20000);
  const cyrillic = prose.match(/\p{Script=Cyrillic}/gu)?.length ?? 0;
  const latin = prose.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (cyrillic + latin < 20) return undefined;
  return cyrillic >= latin * 0.5 ? 'ru' : 'en';
}

export function majorityLanguage(langs: Iterable<string>, fallback = 'en'): string {
  const counts = new Map<string, number>();
  for (const lang of langs) counts.set(lang, (counts.get(lang) ?? 0) + 1);
  let best = fallback;
  let bestCount = 0;
  for (const [lang, count] of counts) if (count > bestCount) [best, bestCount] = [lang, count];
  return best;
}
