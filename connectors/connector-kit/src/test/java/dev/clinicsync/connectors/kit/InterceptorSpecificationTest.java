package dev.clinicsync.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.ConnectorId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The body-cap and error-classifying interceptors on their own, at their boundaries (issue #22): each test names the
 * property it pins. The vendor is a bare in-process server, so the exact bytes on the wire (a declared length or
 * none, a status of 399) are the test's choice; nothing here depends on timing.
 */
@DisplayName("connector-kit's interceptors at their boundaries")
class InterceptorSpecificationTest {
  private static final int CAP = 1000;

  private final HttpErrorClassifier classifier =
      HttpErrorClassifier.forConnector(ConnectorId.of("spec-vendor"), new RecordingSleeper().clock());
  /** Released when the test is over: a vendor that holds its body waits on it. */
  private final CountDownLatch over = new CountDownLatch(1);
  /** Whether the body the network delivered was closed (it holds the connection until then). */
  private final AtomicBoolean networkBodyClosed = new AtomicBoolean();
  /** The Accept-Encoding header each request carried on the wire. */
  private final List<String> acceptEncodings = new CopyOnWriteArrayList<>();

  @AfterEach
  void release() {
    over.countDown();
  }

  /** A network interceptor that records the request's Accept-Encoding and whether the raw body was closed. */
  private Interceptor wireTap() {
    return chain -> {
      acceptEncodings.add(String.valueOf(chain.request().header("Accept-Encoding")));
      Response response = chain.proceed(chain.request());
      ResponseBody body = response.body();
      BufferedSource tracked = Okio.buffer(new ForwardingSource(body.source()) {
        @Override
        public void close() throws IOException {
          networkBodyClosed.set(true);
          super.close();
        }
      });
      return response.newBuilder().body(ResponseBody.create(tracked, body.contentType(), body.contentLength())).build();
    };
  }

  private OkHttpClient client(Interceptor application) {
    return HttpClients.forConnector(HttpSettings.DEFAULTS).addInterceptor(application).addNetworkInterceptor(wireTap())
        .build();
  }

  private static Request get(RawHttpServer server) {
    return new Request.Builder().url(server.url("/r")).build();
  }

  /** The connector exception a failed call carries out of OkHttp. */
  private static ConnectorException classified(Throwable thrown) {
    assertThat(thrown).isInstanceOf(ClassifiedIOException.class);
    return ((ClassifiedIOException) thrown).exception();
  }

  private static byte[] json(int size) {
    return "{\"a\":1}".repeat(size).substring(0, size).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    }
    return out.toByteArray();
  }

  private static void status(OutputStream out, int status, byte[] body) throws IOException {
    out.write(("HTTP/1.1 " + status + " Status\r\nContent-Type: application/json\r\nContent-Length: " + body.length
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  private static void chunked(OutputStream out, byte[] body) throws IOException {
    RawHttpServer.head(out, "Content-Type: application/json", "Transfer-Encoding: chunked");
    out.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Nested
  @DisplayName("The body cap")
  class BodyCap {
    private final BodyLimitInterceptor cap = new BodyLimitInterceptor(CAP, classifier);

    @Test
    @DisplayName("a declared body of exactly the cap is read whole")
    void declaredExactlyTheCap() throws IOException {
      try (RawHttpServer server = new RawHttpServer((out, written) -> status(out, 200, json(CAP)));
           Response response = client(cap).newCall(get(server)).execute()) {
        assertThat(response.body().bytes()).isEqualTo(json(CAP));
      }
    }

    @Test
    @DisplayName("a body declared one byte over the cap is refused before any of it is read, and its connection closed")
    void declaredOverTheCapRefusedUpFront() throws Exception {
      // the vendor declares CAP + 1 bytes and sends none until the test is over: only a check of the declared
      // length can refuse it now (reading would wait for bytes that never come)
      try (RawHttpServer server = new RawHttpServer((out, written) -> {
        RawHttpServer.head(out, "Content-Type: application/json", "Content-Length: " + (CAP + 1), "X-Request-Id: rq-big");
        over.await();
      })) {
        Throwable thrown = catchThrowable(() -> client(cap).newCall(get(server)).execute().close());
        assertThat(classified(thrown)).isInstanceOfSatisfying(ResponseTooLargeException.class, e -> {
          assertThat(e.limitBytes()).isEqualTo(CAP);
          assertThat(e.httpStatus()).hasValue(200);
          assertThat(e.vendorRequestId()).contains("rq-big");
        });
        assertThat(networkBodyClosed).as("the refused response was closed").isTrue();
      }
    }

    @Test
    @DisplayName("a streamed body (no declared length) of exactly the cap is read whole; one byte more is refused")
    void streamedAtTheCap() throws IOException {
      try (RawHttpServer exact = new RawHttpServer((out, written) -> chunked(out, json(CAP)));
           Response response = client(cap).newCall(get(exact)).execute()) {
        assertThat(response.body().contentLength()).isEqualTo(-1);
        assertThat(response.body().bytes()).isEqualTo(json(CAP));
      }
      try (RawHttpServer over = new RawHttpServer((out, written) -> chunked(out, json(CAP + 1)));
           Response response = client(cap).newCall(get(over)).execute()) {
        Throwable thrown = catchThrowable(() -> response.body().bytes());
        assertThat(classified(thrown)).isInstanceOfSatisfying(ResponseTooLargeException.class,
            e -> assertThat(e.limitBytes()).isEqualTo(CAP));
      }
    }

    @Test
    @DisplayName("a reader of an endless-looking body is handed at most one byte beyond the cap before the refusal")
    void atMostOneByteBeyondTheCap() throws IOException {
      int cap = 20_000; // over two of okio's 8 KiB segments, so the cap is crossed on a later read, not the first
      try (RawHttpServer server = new RawHttpServer((out, written) -> chunked(out, json(3 * cap)));
           Response response = client(new BodyLimitInterceptor(cap, classifier)).newCall(get(server)).execute()) {
        BufferedSource body = response.body().source();
        Throwable thrown = catchThrowable(body::readByteArray);
        assertThat(classified(thrown)).isInstanceOf(ResponseTooLargeException.class);
        assertThat(body.getBuffer().size()).as("bytes handed to the reader").isEqualTo(cap + 1);
      }
    }

    @Test
    @DisplayName("a caller's own Accept-Encoding is dropped, so the cap counts the bytes after decompression")
    void callerEncodingDropped() throws IOException {
      byte[] inflatingOverTheCap = gzip(json(CAP + 1));
      assertThat(inflatingOverTheCap.length).as("compressed size").isLessThan(CAP);
      try (RawHttpServer server = new RawHttpServer((out, written) -> {
        RawHttpServer.head(out, "Content-Type: application/json", "Content-Encoding: gzip",
            "Content-Length: " + inflatingOverTheCap.length);
        out.write(inflatingOverTheCap);
        out.flush();
      })) {
        Request askingForBrotli = get(server).newBuilder().header("Accept-Encoding", "br").build();
        try (Response response = client(cap).newCall(askingForBrotli).execute()) {
          Throwable thrown = catchThrowable(() -> response.body().bytes());
          assertThat(classified(thrown)).isInstanceOf(ResponseTooLargeException.class);
        }
        assertThat(acceptEncodings).as("what reached the wire: OkHttp's own gzip, never the caller's").containsExactly("gzip");
      }
    }

    @Test
    @DisplayName("the cap must be positive and within the settings' maximum; it is reported as given")
    void capValidated() {
      assertThatThrownBy(() -> new BodyLimitInterceptor(0, classifier)).isInstanceOf(ValidationException.class)
          .hasMessageContaining("max body bytes");
      assertThatThrownBy(() -> new BodyLimitInterceptor(4L * 1024 * 1024 * 1024, classifier))
          .isInstanceOf(ValidationException.class);
      assertThat(new BodyLimitInterceptor(1, classifier).maxBodyBytes()).isEqualTo(1);
      assertThat(cap.maxBodyBytes()).isEqualTo(CAP);
      assertThat(cap).hasToString("BodyLimitInterceptor[1000 bytes]");
    }
  }

  @Nested
  @DisplayName("The error classification")
  class Classification {
    private final ErrorClassifyingInterceptor classify = new ErrorClassifyingInterceptor(classifier);

    @Test
    @DisplayName("a 399 is no error: the response comes through, body and all")
    void status399PassesThrough() throws IOException {
      try (RawHttpServer server = new RawHttpServer((out, written) -> status(out, 399, json(20)));
           Response response = client(classify).newCall(get(server)).execute()) {
        assertThat(response.code()).isEqualTo(399);
        assertThat(response.body().bytes()).isEqualTo(json(20));
      }
    }

    @Test
    @DisplayName("a 400 is a permanent error naming its status, never the body, and its response is closed")
    void status400IsPermanent() throws IOException {
      try (RawHttpServer server = new RawHttpServer((out, written) ->
          status(out, 400, "{\"error\":\"bad date for Jane Doe\"}".getBytes(StandardCharsets.UTF_8)))) {
        Throwable thrown = catchThrowable(() -> client(classify).newCall(get(server)).execute().close());
        assertThat(classified(thrown)).isInstanceOf(PermanentConnectorException.class)
            .isNotInstanceOf(RetryableConnectorException.class)
            .satisfies(e -> assertThat(e.httpStatus()).hasValue(400))
            .hasMessageNotContaining("Jane");
        assertThat(networkBodyClosed).as("the error response was closed, freeing its connection").isTrue();
      }
    }

    @Test
    @DisplayName("an error response is closed after a vendor's rules have read the start of its body")
    void closedAfterVendorRules() throws IOException {
      VendorErrorRules rules = (response, body, c) -> new String(body, StandardCharsets.UTF_8).contains("quota")
          ? java.util.Optional.of(c.classify(429, name -> null)) : java.util.Optional.empty();
      ErrorClassifyingInterceptor withRules = new ErrorClassifyingInterceptor(classifier, rules);
      try (RawHttpServer server = new RawHttpServer((out, written) ->
          status(out, 403, "{\"error\":\"quota exceeded\"}".getBytes(StandardCharsets.UTF_8)))) {
        Throwable thrown = catchThrowable(() -> client(withRules).newCall(get(server)).execute().close());
        assertThat(classified(thrown)).as("the vendor's rule decided").isInstanceOf(RetryableConnectorException.class);
        assertThat(networkBodyClosed).isTrue();
      }
    }
  }
}
