package io.olympus.commerce.catalog.model;

import io.olympus.common.json.JsonInput;
import io.olympus.commerce.support.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A validated product write. For a create every field is set; for an update ({@link #readUpdate})
 * absent fields are null and keep their stored value, and {@code version} is required.
 * Variants are listed explicitly, or generated as the cartesian product of the options (size × colour
 * …) from {@code sku_prefix} and {@code price} when {@code variants} is absent.
 */
public record ProductInput(
    UUID id,
    Integer version,
    String status,
    String title,
    String description,
    JsonObject attributes,
    JsonArray images,
    List<String> tags,
    List<OptionDef> options,
    List<VariantInput> variants,
    List<UUID> categoryIds) {

  static final Set<String> STATUSES = Set.of("draft", "active", "archived");
  static final int MAX_VARIANTS = 100;
  private static final Pattern SKU = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._\\-/]{0,63}$");
  private static final Pattern URL = Pattern.compile("^https?://\\S{1,2000}$");

  /** One option axis, e.g. size with values S, M, L. */
  public record OptionDef(String name, List<String> values) {
    JsonObject toJson() {
      return new JsonObject().put("name", name).put("values", new JsonArray(new ArrayList<>(values)));
    }
  }

  /** One variant: its option values, SKU, barcode, weight and price. */
  /** A variant to write; {@code taxCategory} null keeps the stored category (a new variant: standard). */
  public record VariantInput(String sku, String barcode, JsonObject options, Integer weightGrams, Money price,
                             String taxCategory) {}

  /** A tax category: lower-case letters, digits, '-' or '_', starting with a letter (standard, reduced, ...). */
  public static final Pattern TAX_CATEGORY = Pattern.compile("^[a-z][a-z0-9_-]{0,39}$");

  /** Parses a create; throws ValidationException naming every bad field. */
  public static ProductInput readCreate(JsonObject json) {
    JsonInput in = new JsonInput(json);
    ProductInput product = read(in, false);
    in.validate();
    return product;
  }

  /** Parses an update (id from the path, {@code version} required in the body); throws ValidationException naming every bad field. */
  public static ProductInput readUpdate(UUID id, JsonObject json) {
    JsonInput in = new JsonInput(json);
    ProductInput product = read(in, true);
    in.validate();
    return product.at(id, product.version());
  }

  /**
   * Parses an update of the product {@code id} at {@code version} (from {@code If-Match}: 1 or more, or
   * {@link io.olympus.commerce.support.Versions#ANY_VERSION}); a {@code version} in the body is ignored. Throws ValidationException naming
   * every bad field.
   */
  public static ProductInput readUpdate(UUID id, int version, JsonObject json) {
    JsonInput in = new JsonInput(json);
    ProductInput product = read(in, true, false);
    in.validate();
    return product.at(id, version);
  }

  /** This write aimed at product {@code newId} at {@code newVersion}. */
  private ProductInput at(UUID newId, Integer newVersion) {
    return new ProductInput(newId, newVersion, status, title, description, attributes, images, tags, options, variants,
        categoryIds);
  }

  /** Reads into {@code in}'s error list without throwing: bulk requests collect errors per item. */
  public static ProductInput read(JsonInput in, boolean update) {
    return read(in, update, update);
  }

  private static ProductInput read(JsonInput in, boolean update, boolean versionInBody) {
    Integer version = versionInBody ? in.requiredInt("version", 1, Integer.MAX_VALUE) : null;
    String status = in.oneOf("status", STATUSES, update ? null : "draft");
    String title = update ? in.optionalString("title", 1, 300) : in.requiredString("title", 1, 300);
    String description = in.optionalString("description", 0, 20_000);
    JsonObject attributes = in.optionalObject("attributes");
    JsonArray images = readImages(in);
    List<String> tags = in.strings("tags", 50, 60);
    List<OptionDef> options = readOptions(in);
    if (options == null && !update) {
      options = List.of();
    }
    List<VariantInput> variants = readVariants(in, options, update);
    List<UUID> categoryIds = in.uuids("category_ids", 50);
    if (!update) {
      description = description == null ? "" : description;
      attributes = attributes == null ? new JsonObject() : attributes;
      images = images == null ? new JsonArray() : images;
      tags = tags == null ? List.of() : tags;
      options = options == null ? List.of() : options;
      categoryIds = categoryIds == null ? List.of() : categoryIds;
    }
    if (tags != null) {
      tags = tags.stream().map(t -> t.toLowerCase(Locale.ROOT)).distinct().toList();
    }
    return new ProductInput(null, version, status, title, description, attributes, images, tags, options,
        variants, categoryIds);
  }

  private static JsonArray readImages(JsonInput in) {
    List<JsonInput> items = in.objects("images", 0, 50);
    if (items == null) {
      return null;
    }
    JsonArray images = new JsonArray();
    for (int i = 0; i < items.size(); i++) {
      JsonInput image = items.get(i);
      String url = image.requiredString("url", 8, 2000);
      if (url != null && !URL.matcher(url).matches()) {
        image.error("url", "must be an http(s) URL");
      }
      String alt = image.optionalString("alt", 0, 500);
      Integer position = image.optionalInt("position", 0, 1000);
      images.add(new JsonObject().put("url", url).put("alt", alt).put("position", position == null ? i : position));
    }
    return images;
  }

  private static List<OptionDef> readOptions(JsonInput in) {
    List<JsonInput> items = in.objects("options", 0, 3);
    if (items == null) {
      return null;
    }
    List<OptionDef> options = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (JsonInput option : items) {
      String name = option.requiredString("name", 1, 40);
      List<String> values = option.strings("values", 50, 60);
      if (values != null && values.isEmpty()) {
        option.error("values", "must hold 1 to 50 items");
      } else if (values == null && !option.has("values")) {
        option.error("values", "is required");
      }
      if (name != null && !names.add(name)) {
        option.error("name", "is repeated");
      }
      if (name != null && values != null) {
        options.add(new OptionDef(name, values));
      }
    }
    return options;
  }

  private static String taxCategory(JsonInput in) {
    String category = in.optionalString("tax_category", 1, 40);
    if (category != null && !TAX_CATEGORY.matcher(category).matches()) {
      in.error("tax_category", "must be lower-case letters, digits, '-' or '_' (e.g. standard, reduced)");
      return null;
    }
    return category;
  }

  private static List<VariantInput> readVariants(JsonInput in, List<OptionDef> options, boolean update) {
    // the product's tax_category is the default of its variants that name none (not stored on the product)
    String productCategory = taxCategory(in);
    List<JsonInput> items = in.objects("variants", 0, MAX_VARIANTS);
    if (items != null && items.isEmpty()) {
      in.error("variants", "must hold 1 to " + MAX_VARIANTS + " items");
      return null;
    }
    if (items == null) {
      if (in.has("variants")) {
        return null;
      }
      List<VariantInput> generated = generate(in, options, update, productCategory);
      if (generated == null && productCategory != null && update) {
        in.error("tax_category", "applies to the variants written with it: send variants (or sku_prefix and price) too");
      }
      return generated;
    }
    List<VariantInput> variants = new ArrayList<>();
    Set<String> skus = new HashSet<>();
    Set<JsonObject> combinations = new HashSet<>();
    String currency = null;
    for (JsonInput variant : items) {
      String sku = variant.requiredString("sku", 1, 64);
      if (sku != null && !SKU.matcher(sku).matches()) {
        variant.error("sku", "must be letters, digits, '.', '_', '-' or '/'");
      } else if (sku != null && !skus.add(sku)) {
        variant.error("sku", "is repeated in this product");
      }
      String barcode = variant.optionalString("barcode", 1, 64);
      Integer weight = variant.optionalInt("weight_grams", 0, 10_000_000);
      Money price = Money.read(variant, "price", true);
      if (price != null && currency != null && !currency.equals(price.currency())) {
        variant.error("price.currency", "must match the other variants (" + currency + ")");
      }
      currency = price != null && currency == null ? price.currency() : currency;
      JsonObject values = variant.optionalObject("options");
      values = values == null ? new JsonObject() : values;
      if (options != null && !matchesOptions(values, options)) {
        variant.error("options", "must give one declared value for each option");
      } else if (!values.isEmpty() && !combinations.add(values)) {
        variant.error("options", "repeats another variant's combination");
      }
      String category = taxCategory(variant);
      variants.add(new VariantInput(sku, barcode, values, weight, price, category == null ? productCategory : category));
    }
    return variants;
  }

  private static boolean matchesOptions(JsonObject values, List<OptionDef> options) {
    if (values.size() != options.size()) {
      return false;
    }
    for (OptionDef option : options) {
      if (!(values.getValue(option.name()) instanceof String value) || !option.values().contains(value)) {
        return false;
      }
    }
    return true;
  }

  private static List<VariantInput> generate(JsonInput in, List<OptionDef> options, boolean update,
                                             String productCategory) {
    boolean asked = in.has("sku_prefix") || in.has("price");
    if (!asked) {
      if (!update) {
        in.error("variants", "is required (or give sku_prefix and price to generate them from options)");
      }
      return null;
    }
    String prefix = in.requiredString("sku_prefix", 1, 40);
    Money price = Money.read(in, "price", true);
    if (prefix == null || price == null) {
      return null;
    }
    List<Map<String, String>> combinations = new ArrayList<>();
    combinations.add(new LinkedHashMap<>());
    for (OptionDef option : options == null ? List.<OptionDef>of() : options) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> partial : combinations) {
        for (String value : option.values()) {
          Map<String, String> extended = new LinkedHashMap<>(partial);
          extended.put(option.name(), value);
          next.add(extended);
        }
      }
      combinations = next;
    }
    if (combinations.size() > MAX_VARIANTS) {
      in.error("options", "would make more than " + MAX_VARIANTS + " variants");
      return null;
    }
    List<VariantInput> variants = new ArrayList<>();
    for (Map<String, String> combination : combinations) {
      StringBuilder sku = new StringBuilder(prefix);
      combination.values().forEach(v -> sku.append('-').append(v.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "")));
      variants.add(new VariantInput(sku.toString(), null, new JsonObject(new LinkedHashMap<>(combination)), null, price,
          productCategory));
    }
    return variants;
  }

  public JsonArray optionsJson() {
    return options == null ? null : new JsonArray(options.stream().map(OptionDef::toJson).toList());
  }
}
