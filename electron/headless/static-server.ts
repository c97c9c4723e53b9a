import { readFile, realpath } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { tokenMatches } from './access-token';
import { contentSecurityPolicy } from './content-security-policy';
import { splitRequestTarget } from './request-guard';

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
  // The printed address carries the token until the page moves it out: never send it as a Referer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const text = 'text/plain; charset=utf-8';

/**
 * Serves the built renderer: public build output that carries no data (everything the app shows comes
 * over the WebSocket, which needs the token). The page is served without a token because the page
 * itself moves the token out of the address bar into the tab's sessionStorage, so a reload asks for
 * the clean address; a tab that has no token then says to open the printed address. A page request
 * that carries a token other than this start's is refused (403): that is how an open tab learns the
 * server restarted. Which file a request means is decided after decoding the path, so no spelling of
 * index.html gets around that check, and the file's real path must stay inside the renderer folder, so
 * a symlink cannot lead out of it.
 */
export function createStaticHandler(rendererDir: string, token: string) {
  const root = normalize(rendererDir + sep);
  const page = join(root, 'index.html');
  let realRoot: Promise<string> | null = null;
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return send(response, 405, text, 'Method not allowed');
    }
    const target = splitRequestTarget(request.url);
    let path: string;
    try {
      if (!target) throw new URIError('not an origin-form path');
      path = decodeURIComponent(target.rawPath);
    } catch {
      return send(response, 400, text, 'Bad request');
    }
    if (path.includes('\0')) return send(response, 400, text, 'Bad request');
    const file = normalize(join(root, path.replace(/^\/+/, '') || 'index.html'));
    if (!file.startsWith(root)) return send(response, 404, text, 'Not found');
    const isPage = file === page;
    const given = target!.query.get('token');
    if (isPage && given !== null && !tokenMatches(token, given)) {
      return send(
        response,
        403,
        text,
        'Synthex: open the URL that `npm run serve` printed (it carries the access token).',
      );
    }
    try {
      realRoot ??= realpath(root).then((real) => normalize(real + sep));
      const real = await realpath(file);
      if (!real.startsWith(await realRoot)) return send(response, 404, text, 'Not found');
      const body = await readFile(real);
      const type = contentTypes[extname(file)] ?? 'application/octet-stream';
      const cache = isPage ? 'no-store' : 'public, max-age=31536000, immutable';
      response.writeHead(200, { ...securityHeaders, 'Content-Type': type, 'Cache-Control': cache });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      send(response, 404, text, 'Not found');
    }
  };
}

export function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { ...securityHeaders, 'Content-Type': type, 'Cache-Control': 'no-store' });
  response.end(body);
}
