import { describe, expect, it } from 'vitest';
import * as vault from '../../electron/core/vault';

describe('the vault barrel', () => {
  it('exports the production vault only: no test protector, nothing Bybit-specific', () => {
    const names = Object.keys(vault);
    expect(names).toContain('openDataKey');
    expect(names).toContain('passphraseKeyProtector');
    expect(names).not.toContain('testKeyProtector');
    expect(names).not.toContain('parseApiKeyPermissions');
    expect(names).not.toContain('maskApiKey');
  });
});
