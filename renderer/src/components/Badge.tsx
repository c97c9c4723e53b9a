export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

export function Badge({ tone, children }: { tone: Tone; children: React.ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
