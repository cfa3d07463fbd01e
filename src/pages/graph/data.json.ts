/** The vault's graph (src/core/site/graph.ts), fetched by the graph view and the explorer when opened. */
import type { APIRoute } from 'astro';
import { buildGraph } from '../../core/site/graph.ts';
import { getSite } from '../../shell/store.ts';

export const GET: APIRoute = async () =>
  new Response(JSON.stringify(buildGraph(await getSite())), { headers: { 'Content-Type': 'application/json' } });
