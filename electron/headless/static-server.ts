import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { tokenMatches } from './access-token';
import { contentSecurityPolicy } from './content-security-policy';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const securityHeaders = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // The token is in the page URL: never send it anywhere as a Referer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * Serves the built renderer. The page itself needs the token (so a stray tab on the machine gets
 * nothing useful); hashed assets are public build output and carry no data.
 */
export function createStaticHandler(rendererDir: string, token: string) {
  const root = normalize(rendererDir + sep);
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    if (isPage && !tokenMatches(token, url.searchParams.get('token'))) {
      return send(
        response,
        403,
        'text/plain; charset=utf-8',
        'Synthex: open the URL that `npm run serve` printed (it carries the access token).',
      );
    }
    const relative = isPage ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = normalize(join(root, relative));
    if (!file.startsWith(root)) return send(response, 404, 'text/plain; charset=utf-8', 'Not found');
    try {
      const body = await readFile(file);
      const type = contentTypes[extname(file)] ?? 'application/octet-stream';
      const cache = isPage ? 'no-store' : 'public, max-age=31536000, immutable';
      response.writeHead(200, { ...securityHeaders, 'Content-Type': type, 'Cache-Control': cache });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      send(response, 404, 'text/plain; charset=utf-8', 'Not found');
    }
  };
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { ...securityHeaders, 'Content-Type': type, 'Cache-Control': 'no-store' });
  response.end(body);
}
