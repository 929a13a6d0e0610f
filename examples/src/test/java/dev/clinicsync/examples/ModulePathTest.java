package dev.clinicsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The published jars work on the module path: each names its module, no package is split across
 * two of them, and a layer holding all of them resolves and loads their classes.
 *
 * <p>Runs in {@code mvn verify}, where the reactor hands this module the packaged jars of the
 * others (the test is skipped with a clear message when they are class directories instead).
 */
class ModulePathTest {
  private static final Set<String> PUBLISHED = PublishedArtifacts.NAMES;

  private static final Pattern PACKAGED =
      Pattern.compile("(clinicsync-[a-z-]+?)-\\d[^/]*\\.jar");
  private static final Map<String, Path> JARS = new TreeMap<>();

  @BeforeAll
  static void findJars() {
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      String file = path.getFileName().toString();
      Matcher artifact = PACKAGED.matcher(file);
      if (artifact.matches() && !file.endsWith("-tests.jar")) {
        JARS.put(artifact.group(1), path);
      }
    }
  }

  @Test
  @DisplayName("every published artifact is a jar with an Automatic-Module-Name that is a prefix of all its packages")
  void everyJarNamesItsModule() throws IOException {
    assertThat(JARS.keySet()).as("run with `mvn verify`: the reactor supplies packaged jars only after `package`")
        .containsAll(PUBLISHED);
    for (String artifact : PUBLISHED) {
      Path jar = JARS.get(artifact);
      String name;
      try (JarFile file = new JarFile(jar.toFile())) {
        name = file.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
      }
      assertThat(name).as("Automatic-Module-Name of %s", artifact).isNotNull().startsWith("dev.clinicsync.");
      ModuleDescriptor descriptor = describe(jar);
      assertThat(descriptor.name()).isEqualTo(name);
      assertThat(descriptor.packages()).as("packages of %s", artifact)
          .isNotEmpty()
          .allSatisfy(pkg -> assertThat(pkg.equals(name) || pkg.startsWith(name + "."))
              .as("package %s lies under module %s", pkg, name).isTrue());
    }
  }

  @Test
  @DisplayName("no package is split across two published jars, and all of them load together in one module layer")
  void jarsResolveTogetherOnTheModulePath() throws Exception {
    assertThat(JARS.keySet()).as("run with `mvn verify`: the reactor supplies packaged jars only after `package`")
        .containsAll(PUBLISHED);
    List<Path> jars = new ArrayList<>();
    PUBLISHED.forEach(artifact -> jars.add(JARS.get(artifact)));

    Map<String, String> owner = new HashMap<>();
    for (Path jar : jars) {
      ModuleDescriptor descriptor = describe(jar);
      for (String pkg : descriptor.packages()) {
        String previous = owner.putIfAbsent(pkg, descriptor.name());
        assertThat(previous).as("package %s is in both %s and %s", pkg, previous, descriptor.name()).isNull();
      }
    }

    ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
    Set<String> names = finder.findAll().stream().map(r -> r.descriptor().name()).collect(Collectors.toSet());
    Configuration configuration = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), names);
    // one class loader for all: defining fails if two modules share a package
    ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
    Class<?> model = layer.findLoader("dev.clinicsync.core")
        .loadClass("dev.clinicsync.core.model.AppointmentId");
    assertThat(model.getModule().getName()).isEqualTo("dev.clinicsync.core");
    assertThat(layer.modules()).hasSameSizeAs(PUBLISHED);
  }

  private static ModuleDescriptor describe(Path jar) {
    return ModuleFinder.of(jar).findAll().stream().findFirst()
        .map(ModuleReference::descriptor)
        .orElseThrow(() -> new AssertionError("not a module: " + jar.getFileName()));
  }
}
