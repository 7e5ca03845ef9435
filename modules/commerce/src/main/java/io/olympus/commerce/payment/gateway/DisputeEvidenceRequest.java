package io.olympus.commerce.payment.gateway;

import java.util.Map;

/**
 * Evidence for the dispute {@code providerDisputeId}: free text fields as the provider names them in its own API
 * (the adapter maps the common ones: {@code product_description}, {@code customer_communication},
 * {@code shipping_tracking_number}, {@code uncategorized_text}); {@code submit} false stages without submitting.
 */
public record DisputeEvidenceRequest(String providerDisputeId, Map<String, String> evidence, boolean submit) {
}
