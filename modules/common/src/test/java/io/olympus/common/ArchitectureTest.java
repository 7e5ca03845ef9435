package io.olympus.common;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import io.olympus.common.testing.ArchitectureRules;

/** The house rules ({@link ArchitectureRules}) checked against this module's main classes (target/classes). */
@AnalyzeClasses(packages = "io.olympus.common", importOptions = {
    ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

  @ArchTest
  static final ArchTests HOUSE_RULES = ArchTests.in(ArchitectureRules.class);
}
