-- Schema 7: staffing by channel (voice, chat, email), and shrinkage by cause.
--
-- Each forecast row names its channel (`voice`, `chat`, `email`); rows of files of
-- schema 6 were all calls, so they read as voice. `staffing_channel_inputs` holds at most
-- one row (id 1), written with every sizing: how chat (sessions per agent, its handle
-- time and service-level target) and email (its handle time, the share to answer and
-- within how many hours) are sized. A sizing of schema 6 has none and reads with the
-- defaults. `staffing_channel` is each channel's part of the accepted result, and
-- `staffing_channel_agents` its agents in each interval of the forecast's time line (the
-- distinct interval starts in order); a schema-6 sizing has no rows and reads as the
-- voice-only sizing it was. `staffing_shrinkage` is the shrinkage by cause, a row per
-- cause (`annual-leave`, `sick-leave`, ...) with its share; none when only the total was
-- given, as in every schema-6 sizing.

ALTER TABLE staffing_forecast ADD COLUMN channel TEXT NOT NULL DEFAULT 'voice';

CREATE TABLE staffing_channel_inputs (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    chat_concurrency    INTEGER NOT NULL,
    chat_aht_secs       REAL,
    chat_service_level  REAL    NOT NULL,
    chat_threshold_secs REAL    NOT NULL,
    email_aht_secs      REAL,
    email_share         REAL    NOT NULL,
    email_within_hours  REAL    NOT NULL
) STRICT;

CREATE TABLE staffing_channel (
    channel     TEXT    PRIMARY KEY NOT NULL,
    peak_agents INTEGER NOT NULL,
    agent_hours REAL    NOT NULL,
    backlog     REAL    NOT NULL
) STRICT;

CREATE TABLE staffing_channel_agents (
    channel TEXT    NOT NULL,
    ord     INTEGER NOT NULL,
    agents  INTEGER NOT NULL,
    PRIMARY KEY (channel, ord)
) STRICT;

CREATE TABLE staffing_shrinkage (
    cause TEXT PRIMARY KEY NOT NULL,
    share REAL NOT NULL
) STRICT;
