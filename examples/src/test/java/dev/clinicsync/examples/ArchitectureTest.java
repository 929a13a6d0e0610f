package dev.clinicsync.examples;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layering rules of DESIGN.md, checked over the main classes of every module (examples
 * depends on all of them), so the architecture cannot drift silently.
 */
class ArchitectureTest {
  private static JavaClasses sdk;

  /** Library modules: each may hide details in its own {@code internal} package. */
  static List<String> modules() {
    return List.of("dev.clinicsync.core", "dev.clinicsync.conflict", "dev.clinicsync.connectors.kit",
        "dev.clinicsync.connectors.google", "dev.clinicsync.connectors.athenahealth",
        "dev.clinicsync.connectors.zocdoc", "dev.clinicsync.connectors.kareo",
        "dev.clinicsync.connectors.simplepractice", "dev.clinicsync.connectors.icsfeed", "dev.clinicsync.sync",
        "dev.clinicsync.jdbc");
  }

  @BeforeAll
  static void importMainClasses() {
    ImportOption mainOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
    sdk = new ClassFileImporter().withImportOption(mainOnly).importPackages("dev.clinicsync");
  }

  @Test
  @DisplayName("core depends on nothing but the JDK, slf4j-api and JSpecify")
  void coreStandsAlone() {
    classes().that().resideInAPackage("dev.clinicsync.core..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(
            "dev.clinicsync.core..", "java..", "javax.crypto..", "org.slf4j..", "org.jspecify..", "")
        .check(sdk);
  }

  @Test
  @DisplayName("core's packages form no cycles")
  void corePackagesAcyclic() {
    slices().matching("dev.clinicsync.core.(*)..").should().beFreeOfCycles().check(sdk);
  }

  @Test
  @DisplayName("what hosts implement (core.store) knows nothing of what connector authors implement (core.connector)")
  void hostSpisApartFromConnectorSpis() {
    noClasses().that().resideInAnyPackage("dev.clinicsync.core.store..", "dev.clinicsync.core.model..",
            "dev.clinicsync.core.phi..", "dev.clinicsync.core.audit..")
        .should().dependOnClassesThat().resideInAPackage("dev.clinicsync.core.connector..")
        .check(sdk);
    noClasses().that().resideInAPackage("dev.clinicsync.core.model..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.clinicsync.core.store..",
            "dev.clinicsync.core.memory..", "dev.clinicsync.core.access..")
        .check(sdk);
  }

  @Test
  @DisplayName("the conflict engine depends on core only")
  void conflictOnCore() {
    classes().that().resideInAPackage("dev.clinicsync.conflict..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(
            "dev.clinicsync.conflict..", "dev.clinicsync.core..", "java..", "org.slf4j..", "org.jspecify..", "")
        .allowEmptyShould(true)
        .check(sdk);
  }

  @Test
  @DisplayName("no connector depends on another, but SimplePractice's feed is a preset of the iCalendar feed; all share connector-kit")
  void connectorsIndependent() {
    slices().matching("dev.clinicsync.connectors.(*)..")
        .should().notDependOnEachOther()
        .ignoreDependency(alwaysTrue(), resideInAPackage("dev.clinicsync.connectors.kit.."))
        // the one allowed edge (DESIGN.md: "SimplePractice is a preset of it"), on the feed's public API only
        .ignoreDependency(resideInAPackage("dev.clinicsync.connectors.simplepractice.."),
            resideInAPackage("dev.clinicsync.connectors.icsfeed"))
        .allowEmptyShould(true)
        .check(sdk);
  }

  @Test
  @DisplayName("connectors know core and the kit, never the conflict engine, sync or storage")
  void connectorsBelowSync() {
    noClasses().that().resideInAPackage("dev.clinicsync.connectors..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.clinicsync.conflict..", "dev.clinicsync.sync..", "dev.clinicsync.jdbc..", "dev.clinicsync.examples..")
        .allowEmptyShould(true)
        .check(sdk);
  }

  @Test
  @DisplayName("sync knows connectors only through the core SPI; jdbc implements core only")
  void syncAndJdbc() {
    noClasses().that().resideInAPackage("dev.clinicsync.sync..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.clinicsync.connectors..", "dev.clinicsync.jdbc..")
        .allowEmptyShould(true)
        .check(sdk);
    noClasses().that().resideInAPackage("dev.clinicsync.jdbc..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.clinicsync.connectors..", "dev.clinicsync.sync..", "dev.clinicsync.conflict..")
        .allowEmptyShould(true)
        .check(sdk);
  }

  @Test
  @DisplayName("only the Micrometer binding knows Micrometer: sync measures through its own MetricsRecorder seam")
  void micrometerStaysInItsModule() {
    noClasses().that().resideOutsideOfPackage("dev.clinicsync.micrometer..")
        .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
        .check(sdk);
  }

  @ParameterizedTest(name = "nothing outside {0} uses {0}.internal")
  @MethodSource("modules")
  void internalStaysInternal(String module) {
    noClasses().that().resideOutsideOfPackage(module + "..")
        .should().dependOnClassesThat().resideInAPackage(module + ".internal..")
        .allowEmptyShould(true)
        .check(sdk);
  }

  @Test
  @DisplayName("libraries log through slf4j only: no System.out/err, no java.util.logging")
  void loggingDiscipline() {
    noClasses().that().resideInAPackage("dev.clinicsync..")
        .and().resideOutsideOfPackages("dev.clinicsync.examples..", "dev.clinicsync.benchmarks..")
        .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
        .orShould(GeneralCodingRules.USE_JAVA_UTIL_LOGGING)
        .check(sdk);
  }
}
