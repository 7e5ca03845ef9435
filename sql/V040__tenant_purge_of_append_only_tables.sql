-- Append-only tables refuse every UPDATE and DELETE, except the deletes of a tenant purge: the purge
-- job marks its own transaction with set_config('app.purging', 'on', true) and removes the tenant's
-- rows (row-level security still limits it to that tenant). Nothing else in the services sets it.
CREATE FUNCTION olympus_append_only() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'DELETE' AND coalesce(current_setting('app.purging', true), '') = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '42501';
END
$$;

GRANT DELETE ON inventory_movements TO ${app_user};
CREATE TRIGGER inventory_movements_append_only
  BEFORE UPDATE OR DELETE ON inventory_movements
  FOR EACH ROW EXECUTE FUNCTION olympus_append_only();
