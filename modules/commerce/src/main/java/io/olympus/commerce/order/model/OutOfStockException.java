package io.olympus.commerce.order.model;

import io.olympus.common.error.ApiException;

/** Conflict (409, type {@code out-of-stock}): a line of an order cannot be held; nothing was reserved or created. */
public final class OutOfStockException extends ApiException {

  public OutOfStockException(String detail) {
    super(409, "out-of-stock", "Out of stock", detail);
  }
}
