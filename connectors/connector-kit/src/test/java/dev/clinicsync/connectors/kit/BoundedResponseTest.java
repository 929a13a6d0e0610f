package dev.clinicsync.connectors.kit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.clinicsync.connectors.tck.GzipBomb;
import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every body is read under a cap that applies after decompression, and every call ends by its call timeout. No test
 * here depends on how fast the machine is: a timeout is shown by the exception and the bytes read, never by a clock.
 */
class BoundedResponseTest {
  @RegisterExtension
  static WireMockExtension vendor = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final long GIB = 1024L * 1024 * 1024;

  private final RecordingSleeper sleeper = new RecordingSleeper();

  private ConnectorHttp.Builder http(int port) {
    return ConnectorHttp.builder(ConnectorId.of("bounded"), sleeper.clock())
        .ssrfGuard(SsrfGuard.strict().allowingHttp().allowingPrivateTarget("localhost", port))
        .retries(RetryExecutor.noRetries());
  }

  private static Request request(String url) {
    return new Request.Builder().url(url).build();
  }

  /** Only turns a missing timeout into a failure instead of a hung build; no test measures time against it. */
  private static final Duration HANG_GUARD = Duration.ofMinutes(2);

  private static final long DRIP_LENGTH = 100_000;

  @Nested
  @DisplayName("the body cap")
  class Cap {

    @Test
    @DisplayName("a 1 MB gzip inflating to 1 GiB is refused with a ResponseTooLargeException at the default 32 MiB cap")
    void gzipBomb() {
      byte[] bomb = GzipBomb.inflatingTo(GIB);
      assertThat(bomb.length).as("compressed size").isLessThan(1_200_000);
      vendor.stubFor(get("/bomb").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
          .withHeader("Content-Encoding", "gzip").withBody(bomb)));
      ConnectorHttp http = http(vendor.getPort()).build();
      Throwable thrown = catchThrowable(() -> http.execute(request(vendor.baseUrl() + "/bomb"), VendorResponse::body));
      assertThat(thrown).isInstanceOfSatisfying(ResponseTooLargeException.class, e -> {
        assertThat(e.limitBytes()).isEqualTo(HttpSettings.DEFAULT_MAX_BODY_BYTES);
        assertThat(e.connectorId()).isEqualTo("bounded");
      });
    }

    @Test
    @DisplayName("the cap also holds for callers of client(), and for a caller that asked for gzip itself")
    void everyPath() {
      vendor.stubFor(get("/bomb").willReturn(aResponse().withStatus(200).withHeader("Content-Encoding", "gzip")
          .withBody(GzipBomb.inflatingTo(64L * 1024 * 1024))));
      ConnectorHttp http = http(vendor.getPort()).maxBodyBytes(1024 * 1024).build();
      Throwable raw = catchThrowable(() -> {
        try (Response r = http.client().newCall(request(vendor.baseUrl() + "/bomb")).execute()) {
          r.body().bytes();
        }
      });
      assertThat(raw).isInstanceOf(ClassifiedIOException.class);
      assertThat(((ClassifiedIOException) raw).exception()).isInstanceOf(ResponseTooLargeException.class);
      Request askingForGzip = request(vendor.baseUrl() + "/bomb").newBuilder().header("Accept-Encoding", "gzip").build();
      assertThatThrownBy(() -> http.execute(askingForGzip, VendorResponse::body)).isInstanceOf(ResponseTooLargeException.class);
    }

    @Test
    @DisplayName("an endless chunked body fails at the cap, having read little more than the cap")
    void endlessBody() throws Exception {
      byte[] chunk = ("1000\r\n" + "x".repeat(4096) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      try (RawHttpServer server = new RawHttpServer((out, written) -> {
        RawHttpServer.head(out, "Content-Type: application/json", "Transfer-Encoding: chunked");
        while (true) {
          out.write(chunk);
          written.addAndGet(4096);
        }
      })) {
        ConnectorHttp http = http(server.port()).maxBodyBytes(1024 * 1024).build();
        assertThatThrownBy(() -> http.execute(request(server.url("/endless")), VendorResponse::body))
            .isInstanceOf(ResponseTooLargeException.class);
        assertThat(server.written()).as("bytes the server could push before we stopped reading")
            .isLessThan(64L * 1024 * 1024);
      }
    }

    @Test
    @DisplayName("a declared Content-Length over the cap fails before the body is read, naming neither body nor URL")
    void declaredLength() {
      vendor.stubFor(get(urlPathEqualTo("/big")).willReturn(aResponse().withStatus(200)
          .withBody("Jane Doe ".repeat(2000))));
      ConnectorHttp http = http(vendor.getPort()).maxBodyBytes(1000).build();
      assertThatThrownBy(() -> http.execute(request(vendor.baseUrl() + "/big?patient=P-1"), VendorResponse::body))
          .isInstanceOf(ResponseTooLargeException.class)
          .hasMessageContaining("1000 bytes").hasMessageNotContaining("Jane").hasMessageNotContaining("P-1");
    }

    @Test
    @DisplayName("the token source reads its response under a cap too")
    void tokenResponse() {
      vendor.stubFor(post("/token").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
          .withHeader("Content-Encoding", "gzip").withBody(GzipBomb.inflatingTo(64L * 1024 * 1024))));
      InMemorySecretStore secrets = new InMemorySecretStore();
      secrets.put("id", Secret.of("client"));
      secrets.put("secret", Secret.of("s3cr3t"));
      ClientCredentialsTokenSource tokens = ClientCredentialsTokenSource.builder(ConnectorId.of("bounded"),
          vendor.baseUrl() + "/token", secrets, sleeper.clock()).credentials("id", "secret").build();
      assertThatThrownBy(tokens::token).isInstanceOfSatisfying(ResponseTooLargeException.class,
          e -> assertThat(e.limitBytes()).isEqualTo(ClientCredentialsTokenSource.DEFAULT_MAX_BODY_BYTES));
    }
  }

  @Nested
  @DisplayName("the call timeout")
  class CallTimeout {

    @Test
    @DisplayName("a body that keeps dripping ends, retryable, by the call timeout, though the read timeout never fires")
    void drip() throws Exception {
      // The vendor sends a byte every 100 ms until the test is over (the latch ends it, not a sleep): the read
      // timeout (ten minutes between two reads) can never end this call, only the call timeout can. Nothing
      // here measures elapsed time; the hang guard only turns a missing call timeout into a failure.
      CountDownLatch over = new CountDownLatch(1);
      try (RawHttpServer server = new RawHttpServer((out, written) -> {
        RawHttpServer.head(out, "Content-Type: application/json", "Content-Length: " + DRIP_LENGTH);
        do {
          out.write(' ');
          out.flush();
          written.incrementAndGet();
        } while (!over.await(100, TimeUnit.MILLISECONDS));
      })) {
        HttpSettings settings = HttpSettings.DEFAULTS.withReadTimeout(Duration.ofMinutes(10))
            .withCallTimeout(Duration.ofSeconds(1));
        ConnectorHttp http = http(server.port()).settings(settings).build();
        // Where the call timeout strikes (connecting, waiting for the head, reading the body) depends on the machine's
        // speed, and so does OkHttp's wording of it; what does not: the call ends, retryable, and only the call
        // timeout can have ended it (the read timeout is ten minutes, the vendor is still dripping).
        Throwable thrown = assertTimeoutPreemptively(HANG_GUARD,
            () -> catchThrowable(() -> http.execute(request(server.url("/drip")), VendorResponse::body)));
        assertThat(thrown).isInstanceOf(RetryableConnectorException.class);
        AtomicLong read = new AtomicLong();
        Call call = http.client().newCall(request(server.url("/drip")));
        Throwable viaClient = assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(() -> {
          try (Response r = call.execute()) {
            BufferedSource body = r.body().source();
            while (!body.exhausted()) {
              body.readByte();
              read.incrementAndGet();
            }
          }
        }));
        assertThat(viaClient).as("a raw client() call under the same call timeout").isInstanceOf(IOException.class);
        assertThat(call.isCanceled()).as("the call was cancelled by its call timeout (nothing else cancels it)").isTrue();
        assertThat(read.get()).as("body bytes read before the call timed out").isLessThan(DRIP_LENGTH);
      } finally {
        over.countDown();
      }
    }

    @Test
    @DisplayName("ConnectorHttp refuses to run without a call timeout, and configuration cannot switch it off")
    void mandatory() {
      assertThatThrownBy(() -> http(1).settings(HttpSettings.DEFAULTS.withCallTimeout(Duration.ZERO)).build())
          .isInstanceOf(ValidationException.class).hasMessageContaining("call timeout");
      assertThatThrownBy(() -> HttpSettings.from(ConnectorConfig.of("c", "t", Map.of(HttpSettings.CALL_TIMEOUT, "PT0S"))))
          .isInstanceOf(ValidationException.class).hasMessageContaining(HttpSettings.CALL_TIMEOUT);
    }
  }

  @Nested
  @DisplayName("the settings")
  class Settings {

    @Test
    @DisplayName("the body cap is read from http.max-body-bytes, 32 MiB by default, and a bad value names the key only")
    void maxBodyBytes() {
      assertThat(HttpSettings.from(ConnectorConfig.of("c", "t", Map.of())).maxBodyBytes())
          .isEqualTo(32L * 1024 * 1024).isEqualTo(HttpSettings.DEFAULTS.maxBodyBytes());
      assertThat(HttpSettings.from(ConnectorConfig.of("c", "t", Map.of(HttpSettings.MAX_BODY_BYTES, "4096"))).maxBodyBytes())
          .isEqualTo(4096);
      assertThatThrownBy(() -> HttpSettings.from(ConnectorConfig.of("c", "t", Map.of(HttpSettings.MAX_BODY_BYTES, "lots"))))
          .isInstanceOf(ValidationException.class).hasMessageContaining(HttpSettings.MAX_BODY_BYTES)
          .hasMessageNotContaining("lots");
      assertThatThrownBy(() -> HttpSettings.DEFAULTS.withMaxBodyBytes(0)).isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> HttpSettings.DEFAULTS.withMaxBodyBytes(4L * GIB)).isInstanceOf(ValidationException.class);
      assertThat(new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1))
          .maxBodyBytes()).isEqualTo(HttpSettings.DEFAULT_MAX_BODY_BYTES);
    }

    @Test
    @DisplayName("ConnectorHttp takes its cap from the settings unless the builder overrides it")
    void capFromSettings() {
      assertThat(http(1).settings(HttpSettings.DEFAULTS.withMaxBodyBytes(777)).build().maxBodyBytes()).isEqualTo(777);
      assertThat(http(1).settings(HttpSettings.DEFAULTS.withMaxBodyBytes(777)).maxBodyBytes(55).build().maxBodyBytes())
          .isEqualTo(55);
      assertThat(http(1).config(ConnectorConfig.of("c", "t", Map.of(HttpSettings.MAX_BODY_BYTES, "999"))).build()
          .maxBodyBytes()).isEqualTo(999);
    }
  }
}
