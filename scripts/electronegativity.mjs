#!/usr/bin/env node
/**
 * `npm run electronegativity` (and npm test): Doyensec's electronegativity over the Electron main and
 * preload sources, with the renderer's index.html beside them so its Content-Security-Policy is seen.
 * Fails on any HIGH or MEDIUM finding; prints the LOW ones, each of which is explained below.
 *
 * Checks left out, and why:
 * - AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK downloads Electron's release list, which the build machines
 *   cannot reach; the Electron version is pinned in package.json and updated deliberately.
 *
 * MEDIUM findings that need a manual review carry an `eng-disable` annotation (electronegativity's own
 * mechanism) at the reviewed line, with the reason beside it: PRELOAD_JS_CHECK and OPEN_EXTERNAL_JS_CHECK
 * in electron/main/sandboxed-window.ts and main-window.ts.
 *
 * LOW findings we keep, and why they are acceptable:
 * - CSP_GLOBAL_CHECK ("maybe weak"): Google's CSP evaluator warns that script-src 'self' is risky when
 *   the origin also serves JSONP, Angular templates or user uploads. Our origin serves only the built
 *   bundle (file:// on the desktop, the token-gated loopback server headless), so 'self' is exactly our
 *   own scripts; there is no inline script and no eval.
 * Any other LOW finding fails too, so each one that stays is explained here first.
 *
 * The scan runs in-process through the package's own entry (its `main`), not the CLI: the CLI's CSV
 * writer starts the header write and the rows' append as two unawaited fs.writeFile calls, so now and
 * then the header lands last and overwrites the start of the first row (a CI run failed on exactly that).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const runElectronegativity = createRequire(import.meta.url)('@doyensec/electronegativity');
const explainedLows = new Set(['CSP_GLOBAL_CHECK']);
const electronVersion = JSON.parse(readFileSync('package.json', 'utf8')).devDependencies.electron;

// The folders to scan (a test passes a deliberately insecure one); the renderer page always comes along.
const sources =
  process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['electron/main', 'electron/preload'];
const stage = mkdtempSync(join(tmpdir(), 'synthex-electronegativity-'));
try {
  for (const source of sources) cpSync(source, join(stage, basename(source)), { recursive: true });
  cpSync('renderer/index.html', join(stage, 'renderer/index.html'));
  const { issues, errors } = await runElectronegativity({
    input: stage,
    isRelative: true,
    electronVersionOverride: electronVersion,
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  });
  const findings = issues.map((issue) => ({
    check: issue.id,
    severity: issue.severity.name,
    file: issue.file,
    location: `${issue.location.line}:${issue.location.column}`,
  }));
  const failing = findings.filter(
    (finding) => finding.severity !== 'LOW' || !explainedLows.has(finding.check),
  );
  for (const finding of findings) {
    const mark = failing.includes(finding) ? 'FAIL' : 'ok (explained in scripts/electronegativity.mjs)';
    console.log(`${finding.severity} ${finding.check} ${finding.file}:${finding.location} ${mark}`);
  }
  // A file the scanner could not parse was not checked at all, so that fails the gate too.
  const unparsed = errors.filter((error) => !error.tolerable);
  for (const error of unparsed) console.log(`UNPARSED ${error.file}: ${error.message} FAIL`);
  const count = (level) => findings.filter((finding) => finding.severity === level).length;
  console.log(`electronegativity: ${count('HIGH')} high, ${count('MEDIUM')} medium, ${count('LOW')} low`);
  if (failing.length > 0 || unparsed.length > 0) process.exitCode = 1;
} finally {
  // The verdict is the findings': a temp folder that cannot be removed (busy under load) is only reported.
  try {
    rmSync(stage, { recursive: true, force: true, maxRetries: 3 });
  } catch (error) {
    console.error(`electronegativity: could not remove ${stage}: ${error.message}`);
  }
}
