package io.olympus.commerce.event;

/** Event types commerce emits (dotted lowercase; the Redis channel is {@code events.<type>}). */
public final class CommerceEvents {

  public static final String PRODUCT_CREATED = "product.created";
  public static final String PRODUCT_UPDATED = "product.updated";
  public static final String PRODUCT_ARCHIVED = "product.archived";
  public static final String INVENTORY_UPDATED = "inventory.updated";
  public static final String LOW_STOCK = "inventory.low_stock";
  public static final String CUSTOMER_CREATED = "customer.created";
  public static final String CUSTOMER_UPDATED = "customer.updated";
  public static final String ORDER_CREATED = "order.created";
  public static final String ORDER_UPDATED = "order.updated";
  public static final String ORDER_STATUS_CHANGED = "order.status_changed";
  public static final String ORDER_CANCELLED = "order.cancelled";
  public static final String FULFILLMENT_CREATED = "fulfillment.created";
  public static final String PAYMENT_PROCESSED = "payment.processed";
  public static final String PAYMENT_FAILED = "payment.failed";
  public static final String PAYMENT_CAPTURED = "payment.captured";
  public static final String PAYMENT_VOIDED = "payment.voided";
  public static final String PAYMENT_REFUNDED = "payment.refunded";
  public static final String PAYMENT_REFUND_FAILED = "payment.refund_failed";
  public static final String DISPUTE_OPENED = "dispute.opened";
  public static final String DISPUTE_UPDATED = "dispute.updated";
  public static final String DISPUTE_CLOSED = "dispute.closed";
  public static final String PROMOTION_CREATED = "promotion.created";
  public static final String PROMOTION_UPDATED = "promotion.updated";
  public static final String PROMOTION_REDEEMED = "promotion.redeemed";

  private CommerceEvents() {}
}
