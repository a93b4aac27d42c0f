package io.gamebus;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.gamebus.vertx.VertxInternals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The shape docs/architecture.md describes, checked on the compiled main classes. */
@DisplayName("The architecture")
class ArchitectureTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.gamebus");

  @Test
  @DisplayName("has no cycle between packages")
  void noPackageCycles() {
    slices().matching("io.gamebus.(**)").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  @DisplayName("keeps Hazelcast types inside the cluster package")
  void hazelcastOnlyInCluster() {
    noClasses().that().resideOutsideOfPackage("io.gamebus.cluster..")
        .should().dependOnClassesThat().resideInAPackage("com.hazelcast..").check(MAIN);
  }

  @Test
  @DisplayName("gives games an api package that needs nothing else of gamebus")
  void apiStandsAlone() {
    noClasses().that().resideInAPackage("io.gamebus.api..")
        .should().dependOnClassesThat(resideInAPackage("io.gamebus..").and(not(resideInAPackage("io.gamebus.api.."))))
        .check(MAIN);
  }

  @Test
  @DisplayName("reaches Vert.x internals only through vertx.VertxInternals")
  void vertxInternalsBehindOneAdapter() {
    noClasses().that().doNotBelongToAnyOf(VertxInternals.class)
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx.core.internal..", "io.vertx.core.impl..")
        .check(MAIN);
  }

  @Test
  @DisplayName("has no main source file over 400 lines")
  void smallFiles() throws IOException {
    Path root = Path.of("src/main/java");
    Map<String, Long> tooLong;
    try (Stream<Path> files = Files.walk(root)) {
      tooLong = files.filter(f -> f.toString().endsWith(".java"))
          .collect(Collectors.toMap(f -> root.relativize(f).toString().replace('\\', '/'), ArchitectureTest::lines))
          .entrySet().stream().filter(e -> e.getValue() > 400)
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
    assertThat(tooLong).as("split these by concept").isEmpty();
  }

  private static long lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
