/**
 * Deep redaction for log lines: a secret must not reach a log file however it travels, as a field
 * named like one (at any depth), inside an error message, or as the password in a URL.
 */
const secretKey = /secret|password|passphrase|token|api_?key|signature|authorization|cookie/i;
const redacted = '[redacted]';
const maxDepth = 8;

const textRules: [RegExp, string][] = [
  // scheme://user:password@host → scheme://user:[redacted]@host (database URLs, proxies, feeds)
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/?#]*):[^\s@/?#]+@/gi, `$1:${redacted}@`],
  // ?token=…&api_key=… in URLs
  [
    /([?&;](?:[\w-]*(?:token|secret|password|passphrase|api_?key|signature|sign)[\w-]*)=)[^&#\s"']+/gi,
    `$1${redacted}`,
  ],
  // password=…, "apiSecret": "…", secret: … in free text (error messages from libraries)
  [
    /(["']?\b[\w-]*(?:secret|password|passphrase|token|api_?key|signature)[\w-]*["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&)}\]]+)/gi,
    `$1${redacted}`,
  ],
  // Authorization: Bearer …
  [/\b(bearer|basic)\s+[a-z0-9._~+/=-]{8,}/gi, `$1 ${redacted}`],
];

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of textRules) out = out.replace(pattern, replacement);
  return out;
}

export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= maxDepth) return '[too deep]';
  seen.add(value);
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      name: value.name,
      message: redactText(value.message),
      ...(code !== undefined ? { code: redactValue(code, depth + 1, seen) } : {}),
      ...(value.cause !== undefined ? { cause: redactValue(value.cause, depth + 1, seen) } : {}),
    };
  }
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = secretKey.test(key) ? redacted : redactValue(item, depth + 1, seen);
  }
  return out;
}
