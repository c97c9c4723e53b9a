import { generateKeyPairSync, randomBytes } from 'node:crypto';

export type Environment = 'mainnet' | 'testnet' | 'demo';

/** An API key as the simulated Bybit knows it. Several keys may share one account (uid). */
export interface KeyRecord {
  id: string;
  apiKey: string;
  apiSecret: string;
  uid: string;
  readOnly: boolean;
  withdraw: boolean;
  environment: Environment;
  ipRestricted: boolean;
  /** ISO time after which requests answer 33004; null = never. */
  expiresAt: string | null;
  createdAt: string;
  /** Self-generated RSA key: signatures are RSASSA-PKCS1-v1_5/SHA-256 in base64; apiSecret is the PKCS#8 private key PEM. */
  rsaPublicKey: string | null;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function token(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => ALNUM[b % ALNUM.length]).join('');
}

export class KeyStore {
  private readonly byKey = new Map<string, KeyRecord>();
  private nextId = 1;

  create(
    opts: Omit<KeyRecord, 'id' | 'apiKey' | 'apiSecret' | 'createdAt' | 'rsaPublicKey'> & { rsa?: boolean },
  ): KeyRecord {
    const { rsa, ...rest } = opts;
    let apiSecret = token(36);
    let rsaPublicKey: string | null = null;
    if (rsa) {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      apiSecret = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      rsaPublicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    }
    // Real Bybit HMAC keys: 18-char key, 36-char secret.
    const rec: KeyRecord = {
      ...rest,
      id: String(this.nextId++),
      apiKey: token(18),
      apiSecret,
      createdAt: new Date().toISOString(),
      rsaPublicKey,
    };
    this.byKey.set(rec.apiKey, rec);
    return rec;
  }

  get(apiKey: string): KeyRecord | undefined {
    return this.byKey.get(apiKey);
  }
}
