import type { Message } from '../../../../shared/domain/preview';

/** Problems block opening and are announced; notes are worth knowing. */
export function PreviewMessages({ problems, notes }: { problems: Message[]; notes: Message[] }) {
  return (
    <>
      {problems.length > 0 && (
        <div className="callout callout-bad preview-problems" role="alert" aria-label="Problems">
          <p>Cannot open as it stands:</p>
          <ul>
            {problems.map((problem) => (
              <li key={problem.code}>{problem.message}</li>
            ))}
          </ul>
        </div>
      )}
      {notes.length > 0 && (
        <ul className="callout callout-warn preview-notes" aria-label="Notes">
          {notes.map((note) => (
            <li key={note.code}>{note.message}</li>
          ))}
        </ul>
      )}
    </>
  );
}
