export function Panel({
  title,
  children,
  aside,
}: {
  title: string;
  children: React.ReactNode;
  aside?: React.ReactNode;
}) {
  return (
    <section className="panel" aria-label={title}>
      <header className="panel-header">
        <h2>{title}</h2>
        {aside}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}

/**
 * A two-column list of facts; values are monospaced so numbers and paths line up. `wide`: as many
 * columns of facts as fit (a summary over the page's width).
 */
export function Facts({ rows, wide }: { rows: [label: string, value: React.ReactNode][]; wide?: boolean }) {
  return (
    <dl className={wide ? 'facts facts-wide' : 'facts'}>
      {rows.map(([label, value]) => (
        <div key={label} className="fact">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
