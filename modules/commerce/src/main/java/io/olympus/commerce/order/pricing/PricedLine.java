package io.olympus.commerce.order.pricing;

import java.util.UUID;

/**
 * A line priced by the server: the unit price pricing resolved (never a client's), the quantity, the variant's tax
 * category and weight, and whether its price includes tax (its price list's, or the tenant's setting for base prices).
 */
public record PricedLine(String key, UUID variantId, long unitAmount, int quantity, String taxCategory,
                         boolean taxIncluded, long weightGrams) {}
