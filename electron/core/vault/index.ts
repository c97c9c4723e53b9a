export * from './data-key';
export * from './data-key-store';
export * from './file-data-key-store';
export * from './key-protector';
export * from './key-rotation';
export * from './passphrase-key-protector';
export * from './vault';
export * from './vault-error';
