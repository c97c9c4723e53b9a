import { z } from 'zod';

/** Every failure that crosses the contract carries one of these codes. */
export const errorCodes = [
  'UNKNOWN_CHANNEL',
  'INVALID_PAYLOAD',
  'MALFORMED_FRAME',
  'FORBIDDEN',
  'UNAVAILABLE',
  'CONFLICT',
  'NOT_FOUND',
  'EXCHANGE_ERROR',
  'INTERNAL',
] as const;

export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const contractErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  /** Field-level problems for INVALID_PAYLOAD, so a form can point at the wrong input. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ContractError = z.infer<typeof contractErrorSchema>;

/** Thrown by handlers and by the client side of both transports; `toContractError` keeps it typed. */
export class SynthexError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ContractError['issues'],
  ) {
    super(message);
    this.name = 'SynthexError';
  }

  toContractError(): ContractError {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }

  static from(error: ContractError): SynthexError {
    return new SynthexError(error.code, error.message, error.issues);
  }
}

export function issuesFromZod(error: z.ZodError): NonNullable<ContractError['issues']> {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(payload)',
    message: issue.message,
  }));
}
