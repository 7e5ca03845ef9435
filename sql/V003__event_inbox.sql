-- Inbox: one row per (consumer, event) applied, inserted in the consumer's own transaction with
-- ON CONFLICT DO NOTHING (io.olympus.common.outbox.Inbox), so redelivered events are applied once.
-- Cross-tenant infrastructure keyed by event id (ids are globally unique v7 UUIDs), so no
-- row-level security: the row carries no tenant data, only the fact that an event was applied.
-- Rows are kept at least as long as published outbox rows (same retention), so replaying any event
-- still held in the outbox is recognised as a duplicate.
CREATE TABLE event_inbox (
  consumer     text        NOT NULL,
  event_id     uuid        NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (consumer, event_id)
);

CREATE INDEX event_inbox_processed_at ON event_inbox (processed_at);
