import { describe, expect, it } from 'vitest';
import { SynthexError } from '../../shared/contract';
import { errorMessage, formFailure, readablePath } from '../../renderer/src/forms/form-failure';

const refused = (channel: string, issues: { path: string; message: string }[]) =>
  new SynthexError('INVALID_PAYLOAD', `Invalid payload for ${channel}`, issues);

describe('formFailure', () => {
  it('puts each field message beside its field and never repeats the dispatcher wording', () => {
    const failure = formFailure(
      refused('profiles.create', [
        { path: 'name', message: 'enter a name' },
        { path: 'email', message: 'not an email address' },
      ]),
      { name: 'Profile name', email: 'Email' },
    );
    expect(failure.fields).toEqual({ name: 'enter a name', email: 'not an email address' });
    expect(failure.message).toBe('Check the marked fields.');
    expect(failure.message).not.toMatch(/Invalid payload/);
  });

  it('spells out, in words, problems with fields this form does not show', () => {
    const failure = formFailure(
      refused('credentials.set', [
        { path: 'apiKey', message: 'paste the API key' },
        { path: 'customRestUrl', message: 'must be an http(s):// URL' },
      ]),
      { apiKey: 'API key' },
    );
    expect(failure.fields).toEqual({ apiKey: 'paste the API key' });
    expect(failure.message).toBe('Check the marked field. Custom rest url: must be an http(s):// URL.');
  });

  it("keeps a handler's own sentence", () => {
    const failure = formFailure(
      new SynthexError(
        'INVALID_PAYLOAD',
        'The custom environment needs both a REST base URL and a WebSocket base URL',
        [{ path: 'customWsUrl', message: 'required for the custom environment' }],
      ),
      { customWsUrl: 'WebSocket base URL' },
    );
    expect(failure.message).toMatch(/^The custom environment needs/);
    expect(failure.fields.customWsUrl).toBe('required for the custom environment');
  });

  it('words other failures for a person', () => {
    expect(errorMessage(new SynthexError('UNAVAILABLE', 'The databases are still starting'))).toBe(
      'The databases are still starting',
    );
    expect(errorMessage(new SynthexError('UNKNOWN_CHANNEL', 'Unknown channel: "x.y"'))).toMatch(
      /Reload the page/,
    );
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage(refused('settings.set', []))).toBe('Synthex refused these values.');
    expect(readablePath('alerts.pnlMovePercent')).toBe('Alerts, pnl move percent');
    expect(readablePath('(payload)')).toBe('The request');
  });
});

describe('formFailure of a refusal that is not a schema failure', () => {
  it('marks the fields a handler names (a name already used), keeping its sentence', () => {
    const failure = formFailure(
      new SynthexError('CONFLICT', 'This profile already has an index named “Majors”.', [
        { path: 'name', message: 'already used by another of your indices' },
      ]),
      { name: 'Name' },
    );
    expect(failure.fields).toEqual({ name: 'already used by another of your indices' });
    expect(failure.message).toBe('This profile already has an index named “Majors”.');
  });
});
