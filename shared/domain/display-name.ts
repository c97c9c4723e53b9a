import { z } from 'zod';

/** Unicode Cc (controls, NUL included) and Cf (bidi overrides and isolates, zero-width characters). */
const invisibleCharacter = /[\p{Cc}\p{Cf}]/u;

/**
 * A name a trader types and others read (a profile, a basket): trimmed, not empty, bounded, and free of
 * characters that cannot be seen. A bidi override makes "Main\u202Egnp.exe" read as another name, a
 * zero-width space makes two names look alike, and NUL cannot be stored at all. The message names the
 * character, since the trader cannot see it.
 */
export function displayNameSchema(messages: { empty: string }, maxLength = 64) {
  return z
    .string()
    .trim()
    .min(1, messages.empty)
    .max(maxLength, `at most ${maxLength} characters`)
    .superRefine((name, context) => {
      const found = invisibleCharacter.exec(name)?.[0];
      if (found === undefined) return;
      const code = found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      context.addIssue({
        code: 'custom',
        message: `remove the invisible or control character U+${code} (it may have come with a paste)`,
      });
    });
}
