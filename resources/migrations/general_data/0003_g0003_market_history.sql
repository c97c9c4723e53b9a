-- Running upgrade g0002_universe_details_and_runs -> g0003_market_history

CREATE TABLE daily_mark_klines (
    symbol VARCHAR(32) NOT NULL, 
    day DATE NOT NULL, 
    open NUMERIC NOT NULL, 
    high NUMERIC NOT NULL, 
    low NUMERIC NOT NULL, 
    close NUMERIC NOT NULL, 
    CONSTRAINT daily_mark_klines_pkey PRIMARY KEY (symbol, day), 
    CONSTRAINT daily_mark_klines_positive_check CHECK (open > 0 AND high > 0 AND low > 0 AND close > 0)
);

CREATE TABLE funding_settlements (
    symbol VARCHAR(32) NOT NULL, 
    funding_time TIMESTAMP WITH TIME ZONE NOT NULL, 
    rate NUMERIC NOT NULL, 
    CONSTRAINT funding_settlements_pkey PRIMARY KEY (symbol, funding_time)
);

CREATE TABLE market_history_coverage (
    symbol VARCHAR(32) NOT NULL, 
    series VARCHAR(16) NOT NULL, 
    covered_from TIMESTAMP WITH TIME ZONE NOT NULL, 
    covered_to TIMESTAMP WITH TIME ZONE NOT NULL, 
    reached_start BOOLEAN DEFAULT false NOT NULL, 
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    CONSTRAINT market_history_coverage_pkey PRIMARY KEY (symbol, series), 
    CONSTRAINT market_history_coverage_series_check CHECK (series IN ('mark_daily', 'funding')), 
    CONSTRAINT market_history_coverage_range_check CHECK (covered_from <= covered_to)
);

UPDATE alembic_version SET version_num='g0003_market_history' WHERE alembic_version.version_num = 'g0002_universe_details_and_runs';

