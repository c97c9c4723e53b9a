-- Running upgrade u0001_initial_schema -> u0002_credential_environment

ALTER TABLE bybit_credentials ADD COLUMN environment VARCHAR(16) DEFAULT 'mainnet' NOT NULL;

ALTER TABLE bybit_credentials ADD COLUMN custom_rest_url TEXT;

ALTER TABLE bybit_credentials ADD COLUMN custom_ws_url TEXT;

ALTER TABLE bybit_credentials ADD COLUMN masked_api_key VARCHAR(16);

ALTER TABLE bybit_credentials ADD COLUMN monitor_only BOOLEAN DEFAULT true NOT NULL;

ALTER TABLE bybit_credentials ADD COLUMN read_only BOOLEAN DEFAULT false NOT NULL;

ALTER TABLE bybit_credentials ADD COLUMN can_withdraw BOOLEAN DEFAULT false NOT NULL;

ALTER TABLE bybit_credentials ADD COLUMN withdrawal_confirmed_at TIMESTAMP WITH TIME ZONE;

ALTER TABLE bybit_credentials ADD COLUMN permissions_source VARCHAR(16) DEFAULT 'unverified' NOT NULL;

ALTER TABLE bybit_credentials ADD COLUMN permissions JSONB DEFAULT '{}'::jsonb NOT NULL;

ALTER TABLE bybit_credentials ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;

ALTER TABLE bybit_credentials ADD COLUMN allowed_ips TEXT[] DEFAULT '{}'::text[] NOT NULL;

ALTER TABLE bybit_credentials ADD COLUMN validated_at TIMESTAMP WITH TIME ZONE;

ALTER TABLE bybit_credentials ADD CONSTRAINT bybit_credentials_environment_check CHECK (environment IN ('mainnet', 'testnet', 'demo', 'custom'));

ALTER TABLE bybit_credentials ADD CONSTRAINT bybit_credentials_custom_urls_check CHECK ((environment = 'custom') = (custom_rest_url IS NOT NULL AND custom_ws_url IS NOT NULL) AND (environment = 'custom' OR (custom_rest_url IS NULL AND custom_ws_url IS NULL)));

ALTER TABLE bybit_credentials ADD CONSTRAINT bybit_credentials_withdrawal_check CHECK (NOT can_withdraw OR withdrawal_confirmed_at IS NOT NULL);

ALTER TABLE bybit_credentials ADD CONSTRAINT bybit_credentials_permissions_source_check CHECK (permissions_source IN ('query-api', 'wallet-read', 'unverified'));

ALTER TABLE users ADD COLUMN selected_at TIMESTAMP WITH TIME ZONE;

UPDATE alembic_version SET version_num='u0002_credential_environment' WHERE alembic_version.version_num = 'u0001_initial_schema';

