// One closing line for the whole run, "N passed, N failed", added up from vitest's and Playwright's JSON reports
// (the unit and integration run, Playwright, then any further vitest runs: the explorer's walks).
import { readFileSync } from 'node:fs';

const [vitestFile, playwrightFile, ...moreVitest] = process.argv.slice(2);
const vitestRuns = [vitestFile, ...moreVitest].map((file) => JSON.parse(readFileSync(file, 'utf8')));
const playwright = JSON.parse(readFileSync(playwrightFile, 'utf8'));
const sum = (field) => vitestRuns.reduce((total, run) => total + run[field], 0);
const passed = sum('numPassedTests') + playwright.stats.expected;
const failed = sum('numFailedTests') + playwright.stats.unexpected + playwright.stats.flaky;
const skipped = sum('numPendingTests') + sum('numTodoTests') + playwright.stats.skipped;
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
process.exit(failed > 0 ? 1 : 0);
