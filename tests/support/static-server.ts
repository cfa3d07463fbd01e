/**
 * A plain static file server, like any host the site is deployed on: serves a built site
 * under a base path, `index.html` for directories, the site's 404 page for the rest.
 * Only listens on 127.0.0.1. Sends the headers of the build's `_headers` file, as Netlify and
 * Cloudflare Pages do (exact paths, and `/*`).
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { lookup } from 'mrmime';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

/** `_headers`: a path line, then its indented `Name: value` lines. */
async function readHeadersFile(root: string): Promise<Map<string, [string, string][]>> {
  const rules = new Map<string, [string, string][]>();
  const text = await readFile(path.join(root, '_headers'), 'utf8').catch(() => '');
  let current: [string, string][] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (!/^\s/.test(line)) rules.set(line.trim(), (current = []));
    else current.push(line.trim().split(/:\s*(.*)/s).slice(0, 2) as [string, string]);
  }
  return rules;
}

export async function serveStatic(root: string, base = '/', port = 0): Promise<RunningServer> {
  const headerRules = await readHeadersFile(root);
  const server: Server = createServer(async (req, res) => {
    const rawPath = new URL(req.url ?? '/', 'http://x').pathname;
    for (const [name, value] of [...(headerRules.get('/*') ?? []), ...(headerRules.get(rawPath) ?? [])]) res.setHeader(name, value);
    const pathname = decodeURIComponent(rawPath);
    if (!pathname.startsWith(base)) {
      if (`${pathname}/` === base) {
        res.writeHead(301, { Location: base }).end();
        return;
      }
      res.writeHead(404).end('outside the base path');
      return;
    }
    const rel = pathname.slice(base.length);
    let file = path.join(root, rel);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (!(await isFile(file)) && (await isFile(path.join(file, 'index.html')))) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { Location: `${encodeURI(pathname)}/` }).end();
        return;
      }
      file = path.join(file, 'index.html');
    }
    let status = 200;
    if (!(await isFile(file))) {
      status = 404;
      file = path.join(root, '404.html');
    }
    res.writeHead(status, { 'Content-Type': lookup(file) ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}${base}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
