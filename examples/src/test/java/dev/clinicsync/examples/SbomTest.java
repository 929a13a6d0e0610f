package dev.clinicsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Each published artifact's CycloneDX SBOM (made at package time, attached on release) names
 * the artifact under Apache-2.0 and lists exactly the runtime dependencies its pom declares,
 * and nothing the tests use.
 */
class SbomTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static List<String> published() {
    return new ArrayList<>(new TreeSet<>(PublishedArtifacts.NAMES));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("published")
  void sbomListsTheDirectRuntimeDependenciesOfThePom(String artifact) throws Exception {
    Path module = PublishedArtifacts.directory(artifact);
    Path bomFile = module.resolve("target/bom.json");
    Assumptions.assumeFalse("[true]".equals(System.getProperty("clinicsync.build.offline")) && !Files.exists(bomFile),
        "the CycloneDX plugin makes no SBOM in an offline build (mvn -o)");
    assertThat(bomFile).as("SBOM of %s (run `mvn verify` from the root)", artifact).exists();
    JsonNode bom = JSON.readTree(Files.readString(bomFile));

    JsonNode self = bom.path("metadata").path("component");
    assertThat(self.path("name").asText()).isEqualTo(artifact);
    assertThat(self.path("licenses").findValuesAsText("id")).containsExactly("Apache-2.0");

    String selfRef = self.path("bom-ref").asText();
    Set<String> dependsOn = new TreeSet<>();
    for (JsonNode dependency : bom.path("dependencies")) {
      if (dependency.path("ref").asText().equals(selfRef)) {
        dependency.path("dependsOn").forEach(ref -> dependsOn.add(coordinates(ref.asText())));
      }
    }
    assertThat(dependsOn).as("direct dependencies in the SBOM of %s", artifact)
        .isEqualTo(directRuntimeDependencies(module.resolve("pom.xml")));

    Set<String> components = new TreeSet<>();
    bom.path("components").forEach(c -> components.add(c.path("group").asText() + ":" + c.path("name").asText()));
    assertThat(components).as("test libraries stay out of the SBOM of %s", artifact)
        .noneMatch(c -> c.startsWith("org.junit") || c.startsWith("org.assertj") || c.contains("wiremock"));
  }

  /** pkg:maven/group/artifact@version?type=jar → group:artifact */
  private static String coordinates(String purl) {
    String path = purl.substring("pkg:maven/".length(), purl.indexOf('@'));
    return path.replace('/', ':');
  }

  private static Set<String> directRuntimeDependencies(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(pom.toFile());
    Set<String> direct = new TreeSet<>();
    Element project = document.getDocumentElement();
    for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (!"dependencies".equals(child.getNodeName())) {
        continue;
      }
      NodeList dependencies = ((Element) child).getElementsByTagName("dependency");
      for (int i = 0; i < dependencies.getLength(); i++) {
        Element dependency = (Element) dependencies.item(i);
        String scope = text(dependency, "scope", "compile");
        String type = text(dependency, "type", "jar");
        // optional dependencies count too: the jar uses them when present, and the SBOM lists them
        if ((scope.equals("compile") || scope.equals("runtime")) && type.equals("jar")) {
          direct.add(text(dependency, "groupId", "") + ":" + text(dependency, "artifactId", ""));
        }
      }
    }
    return direct;
  }

  private static String text(Element parent, String tag, String otherwise) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? otherwise : nodes.item(0).getTextContent().strip();
  }
}
