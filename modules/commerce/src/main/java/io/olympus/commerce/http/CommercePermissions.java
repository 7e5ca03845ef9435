package io.olympus.commerce.http;

/** The permissions commerce operations check (granted through platform roles). */
public final class CommercePermissions {

  public static final String PRODUCTS_READ = "products:read";
  public static final String PRODUCTS_WRITE = "products:write";
  public static final String INVENTORY_READ = "inventory:read";
  public static final String INVENTORY_WRITE = "inventory:write";
  public static final String ORDERS_READ = "orders:read";
  public static final String ORDERS_WRITE = "orders:write";
  public static final String CUSTOMERS_READ = "customers:read";
  public static final String CUSTOMERS_WRITE = "customers:write";
  public static final String PAYMENTS_READ = "payments:read";
  public static final String PAYMENTS_WRITE = "payments:write";
  public static final String PAYMENTS_REFUND = "payments:refund";
  public static final String PAYMENTS_REFUND_LARGE = "payments:refund_large";
  public static final String PROMOTIONS_READ = "promotions:read";
  public static final String PROMOTIONS_WRITE = "promotions:write";
  public static final String ANALYTICS_READ = "analytics:read";
  public static final String ANALYTICS_MANAGE = "analytics:manage";

  private CommercePermissions() {}
}
