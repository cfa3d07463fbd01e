/** The search's one ranking across language indexes (src/core/search/ranking.ts). */
import { describe, expect, it } from 'vitest';
import { holdsAll, rankHits, type SearchHit } from '../../src/core/search/ranking.ts';

const hit = (title: string, score: number, headings: [string, string][] = []): SearchHit => ({
  title,
  score,
  url: `/${title}/`,
  headings: headings.map(([text, anchor]) => ({ title: text, url: `/${title}/#${anchor}` })),
});

describe('search ranking', () => {
  it('matches words by their start, inflections too, every word of the query', () => {
    expect(holdsAll('Ожидание блокировки строки', 'блокировка')).toBe(true);
    expect(holdsAll('SKIP LOCKED: очередь задач', 'skip locked')).toBe(true);
    expect(holdsAll('SKIP: очередь', 'skip locked')).toBe(false);
    expect(holdsAll('anything', '  ')).toBe(false);
  });

  it('puts a title match first, then a heading match leading to its heading, then the rest by score', () => {
    const stub = hit('One-to-one', 9);
    const loading = hit('Запросы и загрузка связей', 2, [['Запросы и загрузка связей', 'top'], ['selectinload: второй запрос с IN', 'selectinload']]);
    const named = hit('selectinload в асинхронной сессии', 1);
    const ranked = rankHits('selectinload', [stub, loading, named]);
    expect(ranked.map((r) => r.hit.title)).toEqual(['selectinload в асинхронной сессии', 'Запросы и загрузка связей', 'One-to-one']);
    expect(ranked[1]).toMatchObject({ url: '/Запросы и загрузка связей/#selectinload', heading: 'selectinload: второй запрос с IN' });
    expect(ranked[0].url).toBe('/selectinload в асинхронной сессии/');
    expect(ranked[2]).not.toHaveProperty('heading');
  });

  it('keeps score order among results that match neither way', () => {
    expect(rankHits('vacuum', [hit('a', 1), hit('b', 3), hit('c', 2)]).map((r) => r.hit.title)).toEqual(['b', 'c', 'a']);
  });
});
