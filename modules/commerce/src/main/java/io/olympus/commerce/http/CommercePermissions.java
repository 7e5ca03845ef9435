package io.olympus.commerce.http;

/** The permissions commerce operations check (granted through platform roles). */
public final class CommercePermissions {

  public static final String PRODUCTS_READ = "products:read";
  public static final String PRODUCTS_WRITE = "products:write";
  public static final String INVENTORY_READ = "inventory:read";
  public static final String INVENTORY_WRITE = "inventory:write";

  private CommercePermissions() {}
}
