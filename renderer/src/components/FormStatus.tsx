/** The line after a form's buttons: "Saved" once it worked, or the error that stopped it (read out by screen readers). */
export function FormStatus({ saved, error }: { saved?: boolean; error?: { message: string } | null }) {
  return (
    <>
      {saved && (
        <span className="success-text" role="status">
          Saved
        </span>
      )}
      {error && (
        <span className="error-text" role="alert">
          {error.message}
        </span>
      )}
    </>
  );
}
