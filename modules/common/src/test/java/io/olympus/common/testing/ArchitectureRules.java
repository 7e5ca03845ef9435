package io.olympus.common.testing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.conditions.ArchConditions.be;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The house rules every module's {@code ArchitectureTest} checks against its own main classes
 * ({@code @ArchTest static final ArchTests RULES = ArchTests.in(ArchitectureRules.class)}).
 *
 * <p>The rules speak of package patterns, never of today's classes, so a new slice or service is covered the day it
 * is added. Rules wrapped in {@link FreezingArchRule} record today's violations in the module's
 * {@code src/test/resources/archunit_store}: those stay allowed (and drop out of the store once fixed), any new one
 * fails the build.
 */
public final class ArchitectureRules {

  private ArchitectureRules() {}

  static final List<String> DOMAIN_MODULES = List.of("auth", "platform", "commerce");

  // ---- modules -------------------------------------------------------------------------------------------------

  /** A domain module never imports another domain module; common imports none of them (nor the launcher). */
  @ArchTest
  public static final ArchRule MODULES_ARE_INDEPENDENT = CompositeArchRule.of(Stream.concat(
          Stream.of(noClasses().that().resideInAPackage("io.olympus.common..")
              .should().dependOnClassesThat().resideInAnyPackage(
                  "io.olympus.auth..", "io.olympus.platform..", "io.olympus.commerce..", "io.olympus.app..")
              .allowEmptyShould(true)),
          DOMAIN_MODULES.stream()
              .map(module -> noClasses().that().resideInAPackage("io.olympus." + module + "..")
                  .should().dependOnClassesThat(otherDomainModule(module))
                  .allowEmptyShould(true)))
          .toList())
      .as("no domain module (auth, platform, commerce) depends on another, and common depends on none of them");

  private static DescribedPredicate<JavaClass> otherDomainModule(String module) {
    return resideInAnyPackage(DOMAIN_MODULES.stream()
        .filter(other -> !other.equals(module))
        .map(other -> "io.olympus." + other + "..")
        .toArray(String[]::new));
  }

  // ---- layers inside a slice: io.olympus.<module>.<slice>.{http,service,repository,model} ------------------------

  /**
   * A layer of a slice: {@code io.olympus.<module>.<slice>.<layer>..}. A module-level package such as
   * {@code io.olympus.platform.http} (the service's router and wiring, or a slice not yet split into layers) is no
   * slice layer, so the rules are vacuous there; common's shared kit ({@code io.olympus.common.http}) is not a layer
   * of any domain either.
   */
  static DescribedPredicate<JavaClass> sliceLayer(String layer) {
    return resideInAPackage("io.olympus.*.*." + layer + "..")
        .and(resideOutsideOfPackage("io.olympus.common.."))
        .as("a slice's " + layer + " layer (io.olympus.<module>.<slice>." + layer + "..)");
  }

  /**
   * Route classes talk to services, never to a repository package (its data access nor the records kept there).
   * Frozen: auth still keeps some records (Account, Device, ApiKey, ...) in its repository packages.
   */
  @ArchTest
  public static final ArchRule HTTP_DOES_NOT_USE_REPOSITORIES = FreezingArchRule.freeze(httpDoesNotUseRepositories());

  static ArchRule httpDoesNotUseRepositories() {
    return noClasses().that(sliceLayer("http"))
        .should().dependOnClassesThat(sliceLayer("repository"))
        .allowEmptyShould(true)
        .because("a request flows route -> service -> repository");
  }

  /** Repositories know nothing of HTTP. */
  @ArchTest
  public static final ArchRule REPOSITORIES_DO_NOT_USE_HTTP = noClasses().that(sliceLayer("repository"))
      .should().dependOnClassesThat(sliceLayer("http"))
      .allowEmptyShould(true)
      .because("a request flows route -> service -> repository");

  /** Services know nothing of HTTP. */
  @ArchTest
  public static final ArchRule SERVICES_DO_NOT_USE_HTTP = noClasses().that(sliceLayer("service"))
      .should().dependOnClassesThat(sliceLayer("http"))
      .allowEmptyShould(true)
      .because("a request flows route -> service -> repository");

  // ---- SQL -------------------------------------------------------------------------------------------------------

  /**
   * Where SQL may run: {@code *Sql} and {@code *Repository} classes (and their nested classes and lambdas), and the
   * shared infrastructure that owns its own tables: transactions and migrations ({@code common.db}), the outbox and
   * inbox, the audit log, health probes, the idempotency store and the embedded servers.
   */
  static final DescribedPredicate<JavaClass> MAY_RUN_SQL = nameMatching(".*(Sql|Repository)(\\$.*)?")
      .<JavaClass>forSubtype()
      .or(resideInAnyPackage(
          "io.olympus.common.db..",
          "io.olympus.common.outbox..",
          "io.olympus.common.audit..",
          "io.olympus.common.health..",
          "io.olympus.common.http.idempotency..",
          "io.olympus.common.embedded.."))
      .as("*Sql / *Repository classes or common's db, outbox, audit, health, idempotency, embedded infrastructure");

  /** SQL runs only in {@code *Sql} / {@code *Repository} classes (and the named infrastructure). Frozen. */
  @ArchTest
  public static final ArchRule SQL_ONLY_IN_REPOSITORIES = FreezingArchRule.freeze(sqlOnlyInRepositories());

  static ArchRule sqlOnlyInRepositories() {
    return noClasses().that(not(MAY_RUN_SQL))
        .should().callMethodWhere(target(owner(assignableTo("io.vertx.sqlclient.SqlClient")))
            .and(target(nameMatching("query|preparedQuery"))))
        .allowEmptyShould(true)
        .as("no class outside *Sql / *Repository (and the named infrastructure) runs SQL")
        .because("SQL lives in *Sql and *Repository classes");
  }

  // ---- static state ----------------------------------------------------------------------------------------------

  /** No static field that can be reassigned. Strict: no exception is recorded. */
  @ArchTest
  public static final ArchRule NO_STATIC_MUTABLE_FIELDS = noStaticMutableFields();

  static ArchRule noStaticMutableFields() {
    return fields().that().areStatic().and(not(syntheticField()))
        .should().beFinal()
        .allowEmptyShould(true)
        .as("static fields are final")
        .because("shared state is built by the service's composition root and passed in");
  }

  /**
   * No static map keyed by Vertx (a per-Vert.x singleton registry): each service's composition root builds its shared
   * objects once and passes them in. Strict: no exception is recorded.
   */
  @ArchTest
  public static final ArchRule NO_STATIC_REGISTRIES_KEYED_BY_VERTX = noStaticRegistriesKeyedByVertx();

  static ArchRule noStaticRegistriesKeyedByVertx() {
    return noFields().that().areStatic()
        .should(be(mapKeyedByVertx()))
        .allowEmptyShould(true)
        .as("no static Map keyed by Vertx (a per-Vert.x singleton registry)")
        .because("shared singletons are built once by the service's composition root and passed in");
  }

  static DescribedPredicate<JavaField> mapKeyedByVertx() {
    return DescribedPredicate.describe("a Map keyed by io.vertx.core.Vertx", field -> {
      if (!field.getRawType().isAssignableTo(Map.class)) {
        return false;
      }
      JavaType type = field.getType();
      return type instanceof JavaParameterizedType parameterized
          && !parameterized.getActualTypeArguments().isEmpty()
          && parameterized.getActualTypeArguments().get(0).toErasure().isAssignableTo("io.vertx.core.Vertx");
    });
  }

  private static DescribedPredicate<JavaField> syntheticField() {
    return DescribedPredicate.describe("synthetic", field -> field.getModifiers().contains(JavaModifier.SYNTHETIC));
  }

  // ---- blocking calls --------------------------------------------------------------------------------------------

  /** Only the embedded servers and the migrations (common.db.Migrations) use blocking JDBC. */
  static final DescribedPredicate<JavaClass> MAY_BLOCK = resideInAPackage("io.olympus.common.embedded..")
      .or(nameMatching("io\\.olympus\\.common\\.db\\.Migrations(\\$.*)?").forSubtype())
      .as("the embedded servers or the migrations");

  /** Nothing on the event loop sleeps or talks JDBC. */
  @ArchTest
  public static final ArchRule NO_BLOCKING_CALLS = CompositeArchRule.of(
          noClasses().that(not(MAY_BLOCK))
              .should().callMethod(Thread.class, "sleep", long.class)
              .orShould().callMethod(Thread.class, "sleep", long.class, int.class)
              .orShould().callMethodWhere(target(nameMatching("sleep")).and(target(owner(assignableTo(
                  java.util.concurrent.TimeUnit.class)))))
              .allowEmptyShould(true))
      .and(noClasses().that(not(MAY_BLOCK))
        .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
        .allowEmptyShould(true))
      .as("no class but the embedded servers and the migrations sleeps or uses JDBC")
      .because("handlers run on the event loop, which must never block");
}
