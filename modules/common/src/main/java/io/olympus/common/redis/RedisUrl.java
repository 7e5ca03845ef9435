package io.olympus.common.redis;

import java.net.URI;

/**
 * A parsed {@code redis://[:password@]host:port[/db]} address.
 *
 * @throws IllegalArgumentException from {@link #parse} when the text is not of that form
 */
public record RedisUrl(String connectionString, String host, int port) {

  public static final String EXPECTED = "redis://[:password@]host:6379[/db]";

  public static RedisUrl parse(String text) {
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(EXPECTED);
    }
    if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(EXPECTED);
    }
    int port = uri.getPort() == -1 ? 6379 : uri.getPort();
    return new RedisUrl(text, uri.getHost(), port);
  }

  public static RedisUrl local(int port) {
    return new RedisUrl("redis://127.0.0.1:" + port, "127.0.0.1", port);
  }

  /** Host and port, without credentials: safe to log. */
  public String display() {
    return "redis://" + host + ":" + port;
  }

  @Override
  public String toString() {
    return display();
  }
}
