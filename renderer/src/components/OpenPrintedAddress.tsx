/**
 * What a headless tab shows when it has no access token: a bookmark or a new tab opened on the clean
 * address (the token leaves the address bar after the first load and stays with the tab that had it).
 */
export function OpenPrintedAddress() {
  return (
    <main className="open-printed-address">
      <h1>Synthex</h1>
      <div className="restarted-banner" role="alert">
        <strong>Open the address printed in the terminal.</strong>{' '}
        <span>
          This tab has no access token. The address `npm run serve` printed carries one; the tab that opens it
          keeps it (reloading is fine), but a bookmark or a new tab needs the printed address again.
        </span>
      </div>
    </main>
  );
}
