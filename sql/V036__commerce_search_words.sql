-- Typo tolerance without scanning products: the distinct words of each tenant's product titles and tags
-- (letters only, 3+ characters), trigram-indexed. A search whose full-text match finds nothing corrects
-- each query word to its most similar known word (pg_trgm similarity >= 0.3) and searches again by full
-- text. Words are only added (a word no product uses any more merely corrects to nothing).
CREATE TABLE search_words (
  tenant_id  uuid NOT NULL,
  word       text NOT NULL,
  PRIMARY KEY (tenant_id, word)
);
CREATE INDEX search_words_trgm_idx ON search_words USING gin (word gin_trgm_ops);
SELECT olympus_enable_tenant_rls('search_words');

-- As in V030: under RLS the trigram index is usable only with a LEAKPROOF operator (superuser only).
DO $$
BEGIN
  BEGIN
    ALTER FUNCTION similarity_op(text, text) LEAKPROOF;
  EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'not a superuser: similarity_op stays non-LEAKPROOF; search_words is filtered by tenant instead';
  END;
END
$$;

-- Statement-level, so a bulk insert adds its words in one sorted statement (sorted: concurrent bulk
-- inserts take the word locks in the same order).
CREATE FUNCTION search_words_collect() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO search_words (tenant_id, word)
  SELECT DISTINCT n.tenant_id, w
  FROM new_rows n
  CROSS JOIN LATERAL regexp_split_to_table(lower(n.title || ' ' || array_to_string(n.tags, ' ')), '[^[:alpha:]]+') AS w
  WHERE length(w) >= 3
  ORDER BY 1, 2
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER search_words_on_insert AFTER INSERT ON products
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_words_collect();
CREATE TRIGGER search_words_on_update AFTER UPDATE ON products
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_words_collect();

INSERT INTO search_words (tenant_id, word)
SELECT DISTINCT p.tenant_id, w
FROM products p
CROSS JOIN LATERAL regexp_split_to_table(lower(p.title || ' ' || array_to_string(p.tags, ' ')), '[^[:alpha:]]+') AS w
WHERE length(w) >= 3
ON CONFLICT DO NOTHING;
