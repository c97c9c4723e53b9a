import { useState } from 'react';
import { api } from '../../../api/client';
import { errorMessage } from '../../../forms/form-failure';

/** Hands a CSV to the browser (or the desktop app's window) as a file download. */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the blob; let the click finish before releasing it.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** The position's trades as CSV (`positions.exportTrades`), one row per fill. */
export function ExportTradesButton({ positionId, disabled }: { positionId: number; disabled?: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onClick = async () => {
    setBusy(true);
    try {
      const { filename, csv } = await api.invoke('positions.exportTrades', { id: positionId });
      downloadText(filename, csv, 'text/csv;charset=utf-8');
      setError(null);
    } catch (thrown) {
      setError(errorMessage(thrown));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" onClick={() => void onClick()} disabled={busy || disabled}>
        {busy ? 'Exporting…' : 'Export CSV'}
      </button>
      {error && (
        <span className="error-text" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
