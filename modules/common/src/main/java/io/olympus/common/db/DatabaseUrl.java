package io.olympus.common.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A parsed {@code postgres://user:password@host:port/database} address.
 *
 * @throws IllegalArgumentException from {@link #parse} when the text is not of that form
 */
public record DatabaseUrl(String host, int port, String database, String user, String password) {

  public static final String EXPECTED = "postgres://user:password@host:5432/database";

  public static DatabaseUrl parse(String text) {
    URI uri;
    try {
      uri = URI.create(text.startsWith("jdbc:") ? text.substring(5) : text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(EXPECTED);
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("postgres") || scheme.equals("postgresql"))) {
      throw new IllegalArgumentException(EXPECTED);
    }
    if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
      throw new IllegalArgumentException(EXPECTED);
    }
    String user = "postgres";
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    int port = uri.getPort() == -1 ? 5432 : uri.getPort();
    return new DatabaseUrl(uri.getHost(), port, uri.getPath().substring(1), user, password);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public DatabaseUrl withCredentials(String newUser, String newPassword) {
    return new DatabaseUrl(host, port, database, newUser, newPassword);
  }

  /** Host, port and database, without credentials: safe to log. */
  public String display() {
    return "postgres://" + user + "@" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return display();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
