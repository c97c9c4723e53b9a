/** A basket's coins that today's universe does not list: shown, never silently left out. */
export function MissingSymbols({ symbols }: { symbols: readonly string[] }) {
  if (symbols.length === 0) return null;
  return (
    <span className="warn-text missing-symbols" role="note">
      Not in today&apos;s universe: {symbols.join(', ')}
    </span>
  );
}
