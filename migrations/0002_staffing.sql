-- Schema 2: the staffing sizing a plan was built on (inputs and the accepted result).
--
-- One optional row in `staffing` (absent until a sizing is accepted), the forecast it was
-- made from, and the agents each forecast interval requires. Shares are stored as REAL
-- shares (0.8, not 80); NULL means "not set" where the model has an Option. Files of
-- schema 1 gain the empty tables on open, so they read as plans without a sizing.

CREATE TABLE staffing (
    id                       INTEGER PRIMARY KEY CHECK (id = 1),
    calls                    REAL,
    forecast_source          TEXT    NOT NULL,
    interval_minutes         INTEGER NOT NULL,
    aht_secs                 REAL,
    service_level            REAL    NOT NULL,
    threshold_secs           REAL    NOT NULL,
    max_occupancy            REAL,
    shrinkage                REAL    NOT NULL,
    patience_secs            REAL,
    fte_hours_per_day        REAL    NOT NULL,
    agents_per_team_leader   INTEGER NOT NULL,
    agents_per_qa_specialist INTEGER NOT NULL,
    agents_per_trainer       INTEGER NOT NULL,
    agents_per_wfm_planner   INTEGER NOT NULL,
    peak_agents              INTEGER NOT NULL,
    peak_scheduled           INTEGER NOT NULL,
    peak_interval            TEXT    NOT NULL,
    peak_service_level       REAL    NOT NULL,
    peak_occupancy           REAL    NOT NULL,
    scheduled_fte            REAL    NOT NULL,
    agents                   INTEGER NOT NULL,
    team_leaders             INTEGER NOT NULL,
    qa_specialists           INTEGER NOT NULL,
    trainers                 INTEGER NOT NULL,
    wfm_planners             INTEGER NOT NULL
) STRICT;

CREATE TABLE staffing_forecast (
    ord      INTEGER PRIMARY KEY,
    start    TEXT NOT NULL,
    calls    REAL NOT NULL,
    aht_secs REAL
) STRICT;

CREATE TABLE staffing_interval_agents (
    ord    INTEGER PRIMARY KEY,
    agents INTEGER NOT NULL
) STRICT;
