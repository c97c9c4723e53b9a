import { issuesFromZod, type RequestOf } from '../../../../shared/contract';
import { previewRequestSchema, type Direction } from '../../../../shared/domain/preview';

/** What the New position form holds, as typed. */
export interface PositionDraft {
  indexId: string;
  usdtSize: string;
  direction: Direction;
  leverage: string;
  /** The slippage cap typed in the confirmation; empty takes the one in Settings. */
  maxSlippagePercent: string;
}

/** Form field path → label, for `formFailure`: the preview's request fields this form shows. */
export const positionLabels = {
  indexId: 'Index',
  usdtSize: 'Size (USDT)',
  direction: 'Direction',
  leverage: 'Leverage',
  maxSlippagePercent: 'Slippage cap',
} as const;

export type PositionField = keyof typeof positionLabels;

export const defaultDraft: PositionDraft = {
  indexId: 'top10-equal',
  usdtSize: '1000',
  direction: 'long',
  leverage: '1',
  maxSlippagePercent: '',
};

/** "1,000" and "1 000.5" as a person writes thousands; commas are only taken as thousands separators. */
export function normaliseAmount(text: string): string {
  const trimmed = text.trim().replace(/[\s_]/g, '');
  return /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(trimmed) ? trimmed.replace(/,/g, '') : trimmed;
}

export type PreviewRequestInput = RequestOf<'indices.preview'>;

/**
 * The preview request for a draft, checked with the contract's own schema before it is sent, or the
 * message for each field at fault (the same words the core would send back).
 */
export function checkDraft(draft: PositionDraft): {
  request: PreviewRequestInput | null;
  fields: Partial<Record<PositionField, string>>;
} {
  const fields: Partial<Record<PositionField, string>> = {};
  const usdtSize = normaliseAmount(draft.usdtSize);
  const leverage = normaliseAmount(draft.leverage);
  if (usdtSize === '') fields.usdtSize = 'enter a size in USDT';
  if (leverage === '') fields.leverage = 'enter a leverage, such as 1';
  if (draft.indexId === '') fields.indexId = 'choose an index';
  const slippage = draft.maxSlippagePercent.trim().replace(/\s*%$/, '');
  const request = {
    indexId: draft.indexId,
    usdtSize,
    direction: draft.direction,
    leverage,
    ...(slippage === '' ? {} : { maxSlippagePercent: slippage }),
  };
  const parsed = previewRequestSchema.safeParse(request);
  if (!parsed.success) {
    for (const issue of issuesFromZod(parsed.error)) {
      if (issue.path in positionLabels) fields[issue.path as PositionField] ??= issue.message;
    }
  }
  return Object.keys(fields).length > 0 ? { request: null, fields } : { request, fields };
}

/** Two requests ask the same question (the runner compares them to skip a repeat). */
export const requestKey = (request: PreviewRequestInput | null) =>
  request === null
    ? ''
    : [
        request.indexId,
        request.usdtSize,
        request.direction,
        request.leverage ?? '1',
        request.maxSlippagePercent ?? '',
      ].join('|');

/**
 * The terms a confirmation is for: a new index, size, direction or leverage closes it; a slippage cap
 * changed inside it does not (the preview is asked again for it, and Confirm waits for the answer).
 */
export const confirmationKey = (draft: PositionDraft) =>
  [draft.indexId, normaliseAmount(draft.usdtSize), draft.direction, normaliseAmount(draft.leverage)].join(
    '|',
  );
