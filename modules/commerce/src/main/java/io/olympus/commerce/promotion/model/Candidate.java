package io.olympus.commerce.promotion.model;

import java.util.UUID;

/**
 * A promotion that may apply to a basket: automatic (no code) or brought by one of the basket's codes, with that
 * code's own usage limit and uses.
 */
public record Candidate(Promotion promotion, UUID codeId, String code, Integer codeLimit, int codeUses) {}
