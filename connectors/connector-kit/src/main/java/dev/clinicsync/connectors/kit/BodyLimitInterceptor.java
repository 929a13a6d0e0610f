package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.Checks;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;
import java.util.function.Supplier;

/**
 * Caps every response body a caller reads at {@code maxBodyBytes}, counted after decompression:
 * reading past the cap fails with a {@link ResponseTooLargeException} (in a
 * {@link ClassifiedIOException}) the moment the count is exceeded, so an endless body or a small
 * gzip inflating to gigabytes never fills memory. A declared {@code Content-Length} over the cap
 * fails before reading.
 *
 * <p>As an application interceptor it sees bodies after OkHttp's transparent gzip. For that to
 * hold, it removes an {@code Accept-Encoding} the caller set itself (OkHttp then negotiates gzip
 * and inflates it below this interceptor; a caller decoding its own compression would escape the
 * cap). {@link ConnectorHttp} installs it on every client it builds.
 */
public final class BodyLimitInterceptor implements Interceptor {
  private final long maxBodyBytes;
  private final HttpErrorClassifier classifier;

  public BodyLimitInterceptor(long maxBodyBytes, HttpErrorClassifier classifier) {
    HttpSettings.checkMaxBodyBytes(maxBodyBytes, "max body bytes");
    this.maxBodyBytes = maxBodyBytes;
    this.classifier = Checks.notNull(classifier, "error classifier");
  }

  /** The cap, in bytes after decompression. */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (request.header("Accept-Encoding") != null) {
      request = request.newBuilder().removeHeader("Accept-Encoding").build();
    }
    Response response = chain.proceed(request);
    ResponseBody body = response.body();
    String requestId = classifier.requestId(response).orElse(null);
    if (body.contentLength() > maxBodyBytes) {
      response.close();
      throw new ClassifiedIOException(classifier.tooLarge(maxBodyBytes, response.code(), requestId));
    }
    BufferedSource capped = Okio.buffer(new CappedSource(body.source(), maxBodyBytes,
        () -> classifier.tooLarge(maxBodyBytes, response.code(), requestId)));
    return response.newBuilder()
        .body(ResponseBody.create(capped, body.contentType(), body.contentLength()))
        .build();
  }

  /**
   * Counts what is read through it and fails once the count passes the cap; every later read fails
   * the same way (a reader that keeps reading after the refusal must not spin on 0-byte reads).
   */
  private static final class CappedSource extends ForwardingSource {
    private final long max;
    private final Supplier<ResponseTooLargeException> failure;
    private long total;

    CappedSource(Source delegate, long max, Supplier<ResponseTooLargeException> failure) {
      super(delegate);
      this.max = max;
      this.failure = failure;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      if (total > max) {
        throw new ClassifiedIOException(failure.get());
      }
      long read = super.read(sink, Math.min(byteCount, max + 1 - total));
      if (read > 0) {
        total += read;
        if (total > max) {
          throw new ClassifiedIOException(failure.get());
        }
      }
      return read;
    }
  }

  @Override
  public String toString() {
    return "BodyLimitInterceptor[" + maxBodyBytes + " bytes]";
  }
}
