-- Running upgrade u0008_risk_rules -> u0009_position_benchmark

CREATE TABLE position_benchmarks (
    position_id INTEGER NOT NULL, 
    symbol VARCHAR(32) NOT NULL, 
    open_mark NUMERIC NOT NULL, 
    opened_at TIMESTAMP WITH TIME ZONE NOT NULL, 
    close_mark NUMERIC, 
    closed_at TIMESTAMP WITH TIME ZONE, 
    CONSTRAINT position_benchmarks_pkey PRIMARY KEY (position_id), 
    CONSTRAINT position_benchmarks_position_id_fkey FOREIGN KEY(position_id) REFERENCES synthetic_positions (id) ON DELETE CASCADE, 
    CONSTRAINT position_benchmarks_mark_check CHECK (open_mark > 0 AND (close_mark IS NULL OR close_mark > 0))
);

CREATE TABLE benchmark_marks (
    environment VARCHAR(16) NOT NULL, 
    symbol VARCHAR(32) NOT NULL, 
    minute TIMESTAMP WITH TIME ZONE NOT NULL, 
    mark NUMERIC NOT NULL, 
    CONSTRAINT benchmark_marks_pkey PRIMARY KEY (environment, symbol, minute), 
    CONSTRAINT benchmark_marks_minute_check CHECK (minute = date_trunc('minute', minute)), 
    CONSTRAINT benchmark_marks_mark_check CHECK (mark > 0)
);

CREATE INDEX benchmark_marks_minute_idx ON benchmark_marks (minute);

UPDATE alembic_version SET version_num='u0009_position_benchmark' WHERE alembic_version.version_num = 'u0008_risk_rules';

