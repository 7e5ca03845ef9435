package io.olympus.commerce.inventory.model;

import io.olympus.common.error.ApiException;

/** Conflict (409, type {@code insufficient-stock}): a change would take available stock below zero. */
public final class InsufficientStockException extends ApiException {

  public InsufficientStockException(String detail) {
    super(409, "insufficient-stock", "Insufficient stock", detail);
  }
}
