import { z } from 'zod';

/** 127.0.0.0/8, ::1 and localhost: the only hosts a plain (unencrypted) exchange URL may name. */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Plain http:// and ws:// carry the API key's signatures and every order in clear text, so they are
 * accepted only for this machine (the simulator, a local proxy); anything remote needs TLS.
 */
function secureUnlessLoopback(plain: string, secure: string) {
  return (url: string, context: z.RefinementCtx) => {
    if (!url.startsWith(`${plain}://`)) return; // the secure scheme, or already refused by the regex
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      context.addIssue({ code: 'custom', message: `must be a ${plain}(s):// URL` });
      return;
    }
    if (parsed.protocol === `${plain}:` && !isLoopbackHostname(parsed.hostname)) {
      context.addIssue({
        code: 'custom',
        message: `${plain}:// is allowed only for this machine (127.0.0.1, localhost); use ${secure}:// for ${parsed.hostname}`,
      });
    }
  };
}

/** Base URLs typed by a trader: trimmed, the scheme checked, the message saying which scheme is wanted. */
export const httpUrlSchema = z
  .string()
  .trim()
  .regex(/^https?:\/\/\S+$/, 'must be an http(s):// URL')
  .superRefine(secureUnlessLoopback('http', 'https'));

export const wsUrlSchema = z
  .string()
  .trim()
  .regex(/^wss?:\/\/\S+$/, 'must be a ws(s):// URL')
  .superRefine(secureUnlessLoopback('ws', 'wss'));
