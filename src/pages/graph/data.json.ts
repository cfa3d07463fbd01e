/** The vault's graph (src/core/site/vault-graph.ts), fetched by the graph view and the explorer when opened. */
import type { APIRoute } from 'astro';
import { buildGraph } from '../../core/site/vault-graph.ts';
import { getSite } from '../../shell/site-store.ts';

export const GET: APIRoute = async () =>
  new Response(JSON.stringify(buildGraph(await getSite())), { headers: { 'Content-Type': 'application/json' } });
