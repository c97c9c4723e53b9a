import type { ReactNode } from 'react';

export interface LegendItem {
  key: string | number;
  label: ReactNode;
  color: string;
}

/** The swatch-and-label list above every chart: one line per series, in the series' colour. */
export function ChartLegend({ items }: { items: readonly LegendItem[] }) {
  return (
    <ul className="chart-legend" aria-label="Chart series">
      {items.map((item) => (
        <li key={item.key}>
          <span className="legend-swatch" style={{ background: item.color }} /> {item.label}
        </li>
      ))}
    </ul>
  );
}
