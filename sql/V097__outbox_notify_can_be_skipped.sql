-- NOTIFY serialises commits: PostgreSQL takes one lock for every notifying transaction from just before its commit
-- until after it (the commit's WAL flush included), so that notifications queue in commit order. With every event
-- writer notifying, all of them committed one at a time — at ~6 ms per WAL flush on a slow disk, ~160 commits/s in
-- all, whatever the cores. A transaction that writes events at a high rate (checkout) sets
-- olympus.outbox_notify = 'off' for itself (set_config(..., true)) and wakes its own process's relays after the commit
-- instead; relays of other processes find its events by polling (OUTBOX_POLL_INTERVAL_MS). Every other writer still
-- notifies, as before.
CREATE OR REPLACE FUNCTION outbox_event_notify() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  IF coalesce(current_setting('olympus.outbox_notify', true), '') <> 'off' THEN
    PERFORM pg_notify('olympus_outbox', '');
  END IF;
  RETURN NULL;
END
$$;
