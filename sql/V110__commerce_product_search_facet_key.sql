-- Search side table (V047): a key per distinct facet set, so that a search counts its facets per group of candidates
-- sharing their tags and categories instead of per tag and per category of every candidate.
--
-- facet_key is the MD5 digest (128 bits, as a uuid) of the row's tags and category ids (V105) as text: rows with the
-- same arrays have the same key. Arrays print without ambiguity (elements quoted when needed, NULL elements bare), and
-- the tags' text ends with its closing brace, so different (tags, category ids) give different texts; two of them
-- share a key only on an MD5 collision (about 2^-64 for 2^32 distinct sets), which would merge their counts within one
-- search of one tenant. A search groups its candidates by the key, counts each group once and unnests the tags and
-- categories of one member per group, weighted by the group's size: the counts are the ones of unnesting every
-- candidate.
--
-- Set by a row trigger whenever a write names tags or category_ids (V047's upsert from products, V105's
-- recategorization), in the same statement: never stale. Backfilled below.
ALTER TABLE product_search ADD COLUMN facet_key uuid;

CREATE FUNCTION product_search_facet_key() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  NEW.facet_key := md5(NEW.tags::text || coalesce(NEW.category_ids::text, '-'))::uuid;
  RETURN NEW;
END
$$;
CREATE TRIGGER product_search_facet_key_on_write BEFORE INSERT OR UPDATE OF tags, category_ids ON product_search
  FOR EACH ROW EXECUTE FUNCTION product_search_facet_key();

-- Backfill (as V047's: the migration role) by rewriting the table once with the trigger's expression, as ALTER TYPE
-- ... USING does: the rows keep their order, no dead row versions are left and the indexes are rebuilt. (An UPDATE of
-- every row left the full-text GIN index five to eight times slower for a query matching few products until the table
-- was rewritten.)
ALTER TABLE product_search ALTER COLUMN facet_key TYPE uuid
  USING md5(tags::text || coalesce(category_ids::text, '-'))::uuid;
ALTER TABLE product_search ALTER COLUMN facet_key SET NOT NULL;
