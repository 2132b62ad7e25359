-- The analytical store. Every value is a statement that names its dataset.
CREATE TABLE IF NOT EXISTS datasets (
    name VARCHAR PRIMARY KEY,
    partner VARCHAR NOT NULL,
    regime VARCHAR NOT NULL,
    purpose VARCHAR NOT NULL,
    collected_at DATE NOT NULL,
    retention VARCHAR NOT NULL,
    title VARCHAR
);
CREATE TABLE IF NOT EXISTS statements (
    id UHUGEINT NOT NULL,         -- md5_number(dataset . entity_id . prop . value)
    entity_id VARCHAR NOT NULL,
    schema VARCHAR NOT NULL,
    prop VARCHAR NOT NULL,
    prop_type VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    dataset VARCHAR NOT NULL,
    first_seen TIMESTAMP NOT NULL,
    last_seen TIMESTAMP NOT NULL,
    load_id VARCHAR NOT NULL
);
-- The source text of a statement whose value cleaning changed, where it is worth keeping
-- (a phone number normalised from national format): sparse, one row per statement id.
CREATE TABLE IF NOT EXISTS statement_originals (
    id UHUGEINT NOT NULL,         -- the statement's id
    dataset VARCHAR NOT NULL,
    original_value VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS loads (
    id VARCHAR PRIMARY KEY,
    dataset VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    format VARCHAR NOT NULL,
    records BIGINT NOT NULL,
    statements_added BIGINT NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS schema_depth (
    schema VARCHAR PRIMARY KEY,
    depth INTEGER NOT NULL
);
-- Typed payments for fast financial queries, derived from Payment statements.
CREATE TABLE IF NOT EXISTS transactions (
    id VARCHAR NOT NULL,
    amount DOUBLE,
    currency VARCHAR,
    ts TIMESTAMP,
    payer_id VARCHAR,
    beneficiary_id VARCHAR,
    payer_account VARCHAR,
    beneficiary_account VARCHAR,
    purpose VARCHAR,
    description VARCHAR,
    dataset VARCHAR NOT NULL
);
CREATE OR REPLACE VIEW entities AS
SELECT s.entity_id AS id,
       arg_max(s.schema, d.depth) AS schema,
       min(s.value) FILTER (WHERE s.prop = 'name') AS caption,
       list(DISTINCT s.dataset ORDER BY s.dataset) AS datasets,
       count(*) AS statements,
       min(s.first_seen) AS first_seen,
       max(s.last_seen) AS last_seen
FROM statements s JOIN schema_depth d ON d.schema = s.schema
GROUP BY s.entity_id;
