import { formatSigned } from '../../format';

/** A PnL in USDT: signed, green above zero, red below, to the cent. */
export function Pnl({ value }: { value: string }) {
  const text = formatSigned(value, 2);
  const tone = text.startsWith('+') ? 'pnl-up' : text.startsWith('-') ? 'pnl-down' : '';
  return <span className={`num ${tone}`}>{text}</span>;
}
