import type { Tone } from './Badge';

/**
 * A determinate bar: `role=progressbar` with its value, maximum and a spoken text, plus a visible
 * label line above the track.
 */
export function ProgressBar({
  label,
  value,
  max,
  valueText,
  tone = 'neutral',
  children,
}: {
  /** The accessible name ("Refresh progress"). */
  label: string;
  value: number;
  max: number;
  valueText: string;
  tone?: Tone;
  /** What is shown above the track: stage, message, counts. */
  children?: React.ReactNode;
}) {
  const safeMax = max > 0 ? max : 1;
  const clamped = Math.min(Math.max(value, 0), safeMax);
  const percent = (clamped / safeMax) * 100;
  return (
    <div className={`progress progress-${tone}`}>
      {children && <div className="progress-text">{children}</div>}
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={safeMax}
        aria-valuenow={clamped}
        aria-valuetext={valueText}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
