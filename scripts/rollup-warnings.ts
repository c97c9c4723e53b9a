import type { RollupLog } from 'rollup';

/**
 * zod ships `@__PURE__` comments Rollup cannot place and says so on every build; the comment is only
 * dropped, the code is unchanged. Everything else still warns.
 */
export function quietKnownWarnings(warning: RollupLog, warn: (warning: RollupLog) => void): void {
  if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
  warn(warning);
}
