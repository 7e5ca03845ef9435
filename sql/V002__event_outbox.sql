-- Transactional outbox: a service writes its event row in the same transaction as the state change
-- (io.olympus.common.outbox.OutboxWriter), so the event exists exactly when the change committed.
-- The relay (OutboxRelayVerticle) claims committed rows with FOR UPDATE SKIP LOCKED and publishes them
-- on the event bus and Redis.
--
-- No row-level security here, on purpose: the outbox is cross-tenant infrastructure. The relay reads
-- and updates the rows of every tenant in one batch, and it runs without a tenant set. tenant_id is
-- kept as a plain column (nullable: platform-level events have no tenant) for filtering, replay and
-- audit. The table is written only through OutboxWriter, which takes the tenant from the envelope
-- built by the (tenant-checked) service code; nothing reads event payloads back to API clients.
CREATE TABLE outbox_event (
  -- commit order within one aggregate: writers of one aggregate serialise on its row lock, so a
  -- later event of an aggregate always gets a higher seq and commits after the earlier one
  seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id              uuid        NOT NULL UNIQUE,
  type            text        NOT NULL,
  schema_version  int         NOT NULL DEFAULT 1,
  tenant_id       uuid,
  aggregate_type  text        NOT NULL,
  aggregate_id    text        NOT NULL,
  occurred_at     timestamptz NOT NULL,
  correlation_id  text,
  payload         jsonb       NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  published_at    timestamptz,
  attempts        int         NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  last_error      text
);

-- the relay's claim reads the oldest pending rows in seq order
CREATE INDEX outbox_event_pending ON outbox_event (seq) WHERE published_at IS NULL;
-- retention clean-up and replay by time
CREATE INDEX outbox_event_published_at ON outbox_event (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX outbox_event_occurred_at ON outbox_event (occurred_at);

-- Wake the relays as soon as a transaction that wrote events commits (NOTIFY is delivered at commit,
-- once per transaction), so publish lag is not bounded below by the poll interval.
CREATE FUNCTION outbox_event_notify() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM pg_notify('olympus_outbox', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER outbox_event_notify
  AFTER INSERT ON outbox_event
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_event_notify();

-- Events that could not be delivered: by the relay (consumer = 'outbox-relay') after its retry budget,
-- or by a consumer (consumer = its name) whose handler kept failing. Replay takes rows out of here.
-- Cross-tenant like the outbox (operators replay across tenants), so no row-level security either.
CREATE TABLE event_dead_letter (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id       uuid        NOT NULL,
  consumer       text        NOT NULL,
  event_type     text        NOT NULL,
  tenant_id      uuid,
  outbox_seq     bigint,
  occurred_at    timestamptz NOT NULL,
  envelope       jsonb       NOT NULL,
  attempts       int         NOT NULL,
  last_error     text,
  failed_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (event_id, consumer)
);

CREATE INDEX event_dead_letter_occurred_at ON event_dead_letter (occurred_at);
