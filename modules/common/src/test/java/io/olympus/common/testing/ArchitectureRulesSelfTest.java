package io.olympus.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.olympus.commerce.archfixture.http.FixtureRoutes;
import io.olympus.commerce.archfixture.repository.FixtureRepository;
import io.olympus.commerce.archfixture.service.FixtureService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each house rule fails on a fixture that breaks it (the classes under {@code io.olympus.*.archfixture}), naming the
 * offending class, and stays quiet where the fixture follows it. Frozen rules are checked unfrozen here, so no
 * violation store is touched.
 */
class ArchitectureRulesSelfTest {

  private static JavaClasses fixtures;

  @BeforeAll
  static void importFixtures() {
    fixtures = new ClassFileImporter().importPackages("io.olympus.commerce.archfixture", "io.olympus.auth.archfixture");
  }

  private static String violations(ArchRule rule) {
    EvaluationResult result = rule.evaluate(fixtures);
    assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
    return String.join("\n", result.getFailureReport().getDetails());
  }

  @Test
  void aDomainModuleImportingAnotherFails() {
    assertThat(violations(ArchitectureRules.MODULES_ARE_INDEPENDENT))
        .contains(FixtureService.class.getName() + ".run(")
        .contains("FixtureAccount");
  }

  @Test
  void aRouteUsingARepositoryFails() {
    // the route's use of its service is no violation: every finding is about the repository
    assertThat(violations(ArchitectureRules.httpDoesNotUseRepositories()).lines())
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line)
            .startsWith("Method <" + FixtureRoutes.class.getName())
            .contains(FixtureRepository.class.getName()));
  }

  @Test
  void aRepositoryUsingARouteFails() {
    assertThat(violations(ArchitectureRules.REPOSITORIES_DO_NOT_USE_HTTP))
        .contains(FixtureRepository.class.getName());
  }

  @Test
  void aServiceUsingARouteFails() {
    assertThat(violations(ArchitectureRules.SERVICES_DO_NOT_USE_HTTP))
        .contains(FixtureService.class.getName());
  }

  @Test
  void sqlOutsideRepositoriesFailsAndSqlInARepositoryDoesNot() {
    assertThat(violations(ArchitectureRules.sqlOnlyInRepositories()))
        .contains(FixtureService.class.getName() + ".run(")
        .contains("preparedQuery")
        .doesNotContain(FixtureRepository.class.getName());
  }

  @Test
  void aStaticNonFinalFieldFails() {
    assertThat(violations(ArchitectureRules.noStaticMutableFields()))
        .contains(FixtureService.class.getName() + ".calls");
  }

  @Test
  void aStaticMapKeyedByVertxFails() {
    assertThat(violations(ArchitectureRules.noStaticRegistriesKeyedByVertx()))
        .contains(FixtureService.class.getName() + ".INSTANCES");
  }

  @Test
  void sleepingOrUsingJdbcFails() {
    assertThat(violations(ArchitectureRules.NO_BLOCKING_CALLS))
        .contains("Thread.sleep(long)")
        .contains("java.sql.Connection");
  }
}
