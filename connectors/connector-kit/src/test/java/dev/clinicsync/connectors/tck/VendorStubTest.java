package dev.clinicsync.connectors.tck;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.clinicsync.core.connector.SourceConnector;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every TCK suite shares: a fresh WireMock vendor per test, its {@link ConnectorTestContext},
 * and the connector under test, created on first use and closed after the test.
 */
public abstract class VendorStubTest {
  private @Nullable WireMockServer server;
  private @Nullable ConnectorTestContext context;
  private @Nullable SourceConnector connector;

  /** Builds the connector under test, pointed at {@code ctx.baseUrl()}. */
  protected abstract SourceConnector createConnector(ConnectorTestContext ctx);

  @BeforeEach
  final void startVendor() {
    // gzip off: WireMock's gzip handler would buffer a dribbled body (and re-encode a planted gzip one)
    WireMockServer s = new WireMockServer(wireMockConfig().dynamicPort().gzipDisabled(true));
    s.start();
    server = s;
    context = new ConnectorTestContext(s);
  }

  @AfterEach
  final void stopVendor() {
    if (connector != null) {
      connector.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  /** This test's context. */
  protected final ConnectorTestContext ctx() {
    if (context == null) {
      throw new IllegalStateException("the TCK context exists only inside a test");
    }
    return context;
  }

  /** The connector under test, created on first use. */
  protected final SourceConnector connector() {
    if (connector == null) {
      connector = createConnector(ctx());
    }
    return connector;
  }
}
