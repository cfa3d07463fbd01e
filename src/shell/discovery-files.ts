/**
 * The site's files for crawlers and feed readers (core/site/discovery.ts), by URL path below
 * the base: written by a build, served by the dev server.
 */
import type { Site } from '../core/site/model.ts';
import { atomFeed, FEED_FILE, ROBOTS_FILE, robotsTxt, SITEMAP_FILE, sitemapXml } from '../core/site/discovery.ts';
import type { VaultKbConfig } from './config.ts';

export interface GeneratedFile {
  type: string;
  body: string;
}

export function discoveryFiles(site: Site, config: Pick<VaultKbConfig, 'site' | 'base'>, title: string): Map<string, GeneratedFile> {
  const files = new Map<string, GeneratedFile>([
    [ROBOTS_FILE, { type: 'text/plain; charset=utf-8', body: robotsTxt(config.base, config.site) }],
    [FEED_FILE, { type: 'application/atom+xml; charset=utf-8', body: atomFeed(site, { title, siteUrl: config.site, lang: site.lang }) }],
  ]);
  // The sitemap protocol takes absolute URLs only.
  if (config.site) files.set(SITEMAP_FILE, { type: 'application/xml; charset=utf-8', body: sitemapXml(site, config.site) });
  return files;
}
