package io.olympus.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationCatalogTest {

  @Test
  void shouldFindTheNewestMigrationShippedOnTheClasspath() {
    assertThat(MigrationCatalog.latestShipped()).isPresent();
    assertThat(MigrationCatalog.latestShipped().get()).matches("[0-9._]+");
  }

  @Test
  void shouldOrderVersionsNumerically() {
    List<String> sorted = Stream.of("010", "2", "001", "1.1", "002_1").sorted(MigrationCatalog.VERSION_ORDER).toList();
    assertThat(sorted).containsExactly("001", "1.1", "2", "002_1", "010");
    assertThat(MigrationCatalog.sameVersion("001", "1")).isTrue();
  }
}
