/** The line after a form's buttons: "Saved" once it worked, or the error that stopped it (read out by screen readers). */
export function FormStatus({ saved, error }: { saved?: boolean; error?: { message: string } | null }) {
  return (
    <>
      {saved && (
        <span className="success-text" role="status">
          Saved
        </span>
      )}
      <ErrorText error={error?.message} />
    </>
  );
}

/** An error in words beside the button or control it is about, read out when it appears; nothing without one. */
export function ErrorText({ error, small = false }: { error: string | null | undefined; small?: boolean }) {
  return error ? (
    <span className={small ? 'error-text small' : 'error-text'} role="alert">
      {error}
    </span>
  ) : null;
}
