package io.olympus.common.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Flyway versions shipped on the classpath under {@code db/migration}. Blocking: call from a worker. */
public final class MigrationCatalog {

  private static final String LOCATION = "db/migration";
  private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__.+\\.sql");

  private MigrationCatalog() {}

  /** The classpath's newest version, scanned when first asked (the JVM's lazy class initialisation, once). */
  private static final class Latest {
    static final Optional<String> VERSION = scan();
  }

  /** The newest shipped version (e.g. {@code 001}), scanned once per class loader. */
  public static Optional<String> latestShipped() {
    return Latest.VERSION;
  }

  /** Orders Flyway versions numerically part by part ({@code 2} before {@code 10}, {@code 1.1} after {@code 1}). */
  public static final Comparator<String> VERSION_ORDER = (a, b) -> {
    String[] pa = a.replace('_', '.').split("\\.");
    String[] pb = b.replace('_', '.').split("\\.");
    for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
      BigInteger x = i < pa.length && !pa[i].isEmpty() ? new BigInteger(pa[i]) : BigInteger.ZERO;
      BigInteger y = i < pb.length && !pb[i].isEmpty() ? new BigInteger(pb[i]) : BigInteger.ZERO;
      int c = x.compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  };

  /** True when both name the same version ({@code 001} equals {@code 1}). */
  public static boolean sameVersion(String a, String b) {
    return a != null && b != null && VERSION_ORDER.compare(a, b) == 0;
  }

  private static Optional<String> scan() {
    try {
      Enumeration<URL> roots = MigrationCatalog.class.getClassLoader().getResources(LOCATION);
      Optional<String> best = Optional.empty();
      for (URL root : Collections.list(roots)) {
        for (String name : fileNames(root.toURI())) {
          Matcher m = VERSIONED.matcher(name);
          if (m.matches()) {
            String v = m.group(1);
            if (best.isEmpty() || VERSION_ORDER.compare(v, best.get()) > 0) {
              best = Optional.of(v);
            }
          }
        }
      }
      return best;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> fileNames(URI uri) throws IOException {
    if ("jar".equals(uri.getScheme())) {
      FileSystem fs;
      boolean close = false;
      try {
        fs = FileSystems.newFileSystem(uri, java.util.Map.of());
        close = true;
      } catch (FileSystemAlreadyExistsException e) {
        fs = FileSystems.getFileSystem(uri);
      }
      try {
        return list(fs.provider().getPath(uri));
      } finally {
        if (close) {
          fs.close();
        }
      }
    }
    return list(Path.of(uri));
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
