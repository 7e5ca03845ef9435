-- Tax: regions (a country, optionally narrowed to a region and/or a postal-code prefix) with one rate per
-- tax category. The most specific region matching an address applies. Rates are parts per million
-- (19 % = 190000). Variants carry a tax category (NULL = 'standard'); shipping is taxed with the rate of
-- the category 'shipping' when the region has one.
CREATE TABLE tax_regions (
  tenant_id      uuid NOT NULL,
  id             uuid NOT NULL,
  name           text NOT NULL,
  country        char(2) NOT NULL,
  region         text,
  postal_prefix  text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX tax_regions_area_key ON tax_regions (tenant_id, country, coalesce(region, ''), coalesce(postal_prefix, ''));
SELECT olympus_enable_tenant_rls('tax_regions');

CREATE TABLE tax_rates (
  tenant_id      uuid NOT NULL,
  tax_region_id  uuid NOT NULL,
  tax_category   text NOT NULL,
  name           text NOT NULL,
  rate_ppm       integer NOT NULL CHECK (rate_ppm BETWEEN 0 AND 1000000),
  PRIMARY KEY (tenant_id, tax_region_id, tax_category),
  FOREIGN KEY (tenant_id, tax_region_id) REFERENCES tax_regions (tenant_id, id) ON DELETE CASCADE
);
SELECT olympus_enable_tenant_rls('tax_rates');

-- Whether the variants' own (base) prices include tax; price lists say it for their own entries.
CREATE TABLE tax_settings (
  tenant_id           uuid PRIMARY KEY,
  prices_include_tax  boolean NOT NULL DEFAULT false,
  updated_at          timestamptz NOT NULL DEFAULT now()
);
SELECT olympus_enable_tenant_rls('tax_settings');

ALTER TABLE price_lists ADD COLUMN prices_include_tax boolean NOT NULL DEFAULT false;
ALTER TABLE product_variants ADD COLUMN tax_category text;
