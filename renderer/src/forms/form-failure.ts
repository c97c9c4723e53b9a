import { SynthexError } from '../../../shared/contract';

/**
 * What a failed call shows the trader: one sentence for the form, and a message per field path for the
 * inputs at fault. The contract's own wording for a refused payload ("Invalid payload for …") is meant
 * for programs; a person gets the field messages the server sent, in words, next to the field.
 */
export interface FormFailure {
  message: string;
  fields: Readonly<Record<string, string>>;
}

/** The dispatcher's wording when a payload fails its schema: names a channel, says nothing to a person. */
const genericRefusal = /^Invalid payload for /;

/** Any thrown value as the typed error the contract would have sent. */
export function asSynthexError(error: unknown): SynthexError {
  if (error instanceof SynthexError) return error;
  return new SynthexError('INTERNAL', error instanceof Error ? error.message : String(error));
}

/**
 * `labels` names the fields this form shows (path → label). Issues on those paths are shown beside
 * their field; any other issue is spelt out in the sentence, with a readable name for its path.
 */
export function formFailure(error: unknown, labels: Readonly<Record<string, string>> = {}): FormFailure {
  const failure = asSynthexError(error);
  // A refusal that names fields (a schema's, or a handler's: CONFLICT "name already used") marks them.
  if (failure.code !== 'INVALID_PAYLOAD' && !failure.issues?.length)
    return { message: sentence(failure), fields: {} };
  const fields: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const issue of failure.issues ?? []) {
    if (issue.path in labels) fields[issue.path] ??= issue.message;
    else elsewhere.push(`${readablePath(issue.path)}: ${issue.message}`);
  }
  const marked = Object.keys(fields).length;
  // A handler's own sentence ("The custom environment needs …") is kept; the dispatcher's is not.
  const lead = genericRefusal.test(failure.message)
    ? marked > 0
      ? `Check the marked field${marked === 1 ? '' : 's'}.`
      : null
    : failure.message;
  const parts = [...(lead ? [lead] : []), ...elsewhere.map((text) => `${text}.`)];
  return { message: parts.length > 0 ? parts.join(' ') : 'Synthex refused these values.', fields };
}

/** One line for a failure outside a form (a button, a load): never the contract's payload wording. */
export function errorMessage(error: unknown): string {
  return formFailure(error).message;
}

function sentence(error: SynthexError): string {
  switch (error.code) {
    case 'UNKNOWN_CHANNEL':
    case 'MALFORMED_FRAME':
      // Only a renderer and a core from different builds get here: a reload fetches the matching page.
      return 'This page and Synthex do not match (an older page?). Reload the page.';
    default:
      return error.message;
  }
}

/** "alerts.pnlMovePercent" → "alerts, pnl move percent"; "(payload)" → "the request". */
export function readablePath(path: string): string {
  if (path === '(payload)') return 'The request';
  const words = path
    .split('.')
    .map((part) => part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())
    .join(', ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
