package dev.clinicsync.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.model.ConnectorId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The body cap stays refused: a caller that keeps reading after the refusal (a retrying parser, a drain loop) is
 * refused again on every read, never handed 0-byte reads it would spin on.
 */
@DisplayName("the body cap after its refusal")
class BodyCapAfterRefusalTest {
  private static final int CAP = 1000;

  private final HttpErrorClassifier classifier =
      HttpErrorClassifier.forConnector(ConnectorId.of("cap-vendor"), new RecordingSleeper().clock());

  @Test
  @DisplayName("every read after the refusal is refused again with the same typed exception, naming the same cap")
  void everyLaterReadRefused() throws IOException {
    // a streamed page (no declared length) of appointments three times the cap: only counting can refuse it
    StringBuilder page = new StringBuilder("{\"appointments\":[");
    while (page.length() < 3 * CAP) {
      page.append("{\"id\":\"apt-1f3\",\"start\":\"2026-03-29T01:30:00+01:00\",\"notes\":\"\"},");
    }
    byte[] body = page.append("{}]}").toString().getBytes(StandardCharsets.UTF_8);
    try (RawHttpServer server = new RawHttpServer((out, written) -> {
      RawHttpServer.head(out, "Content-Type: application/json; charset=utf-8", "Connection: close");
      out.write(body);
      out.flush();
    })) {
      OkHttpClient client = new OkHttpClient.Builder().addInterceptor(new BodyLimitInterceptor(CAP, classifier)).build();
      try (Response response = client.newCall(new Request.Builder().url(server.url("/v2/appointments")).build()).execute()) {
        BufferedSource source = response.body().source();
        assertThat(refusal(catchThrowable(source::readByteArray)).limitBytes()).isEqualTo(CAP);
        source.getBuffer().clear(); // what the reader was handed before the refusal

        for (int attempt = 1; attempt <= 3; attempt++) {
          Buffer sink = new Buffer();
          Throwable again = catchThrowable(() -> source.read(sink, 8192));
          assertThat(again).as("read %d after the refusal", attempt).isNotNull();
          assertThat(refusal(again).limitBytes()).isEqualTo(CAP);
          assertThat(sink.size()).as("bytes handed out by read %d", attempt).isZero();
        }
      }
    }
  }

  private static ResponseTooLargeException refusal(Throwable thrown) {
    assertThat(thrown).isInstanceOf(ClassifiedIOException.class);
    assertThat(((ClassifiedIOException) thrown).exception()).isInstanceOf(ResponseTooLargeException.class);
    return (ResponseTooLargeException) ((ClassifiedIOException) thrown).exception();
  }
}
