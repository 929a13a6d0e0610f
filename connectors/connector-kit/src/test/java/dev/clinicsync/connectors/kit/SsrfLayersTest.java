package dev.clinicsync.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.model.ConnectorId;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The SSRF guard's layers each hold on their own (issue #22): with the checking socket factory replaced by the
 * JDK's, the per-hop check of the connection's peer still refuses a loopback vendor before any request is sent.
 */
@DisplayName("the SSRF guard's per-hop check")
class SsrfLayersTest {
  private final HttpErrorClassifier classifier =
      HttpErrorClassifier.forConnector(ConnectorId.of("ssrf-layers"), new RecordingSleeper().clock());

  @Test
  @DisplayName("refuses a connection to a loopback peer on its own, should the socket factory be replaced, and sends nothing")
  void hopCheckAlone() throws IOException {
    AtomicInteger requests = new AtomicInteger();
    try (RawHttpServer loopback = new RawHttpServer((out, written) -> {
      requests.incrementAndGet();
      RawHttpServer.head(out, "Content-Length: 0");
    })) {
      OkHttpClient client = SsrfGuard.strict().allowingHttp().applyTo(new OkHttpClient.Builder(), classifier)
          .socketFactory(SocketFactory.getDefault()) // the socket's check gone: only the per-hop check is left
          .dns(host -> List.of(InetAddress.getByName("127.0.0.1"))) // a vendor name that resolves to loopback
          .build();
      // a plain vendor name (not a literal, not "localhost"), so the first-hop check lets it through
      Request request = new Request.Builder().url("http://api.vendor.example:" + loopback.port() + "/patients").build();
      Throwable thrown = catchThrowable(() -> client.newCall(request).execute().close());
      assertThat(thrown).isInstanceOf(ClassifiedIOException.class);
      assertThat(((ClassifiedIOException) thrown).exception()).isInstanceOfSatisfying(BlockedAddressException.class,
          e -> assertThat(e.rule()).isEqualTo(SsrfGuard.Rule.LOOPBACK));
      assertThat(requests).as("requests the loopback vendor received").hasValue(0);
    }
  }
}
