package dev.clinicsync.connectors.google.internal;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import com.google.api.client.util.StreamingContent;
import dev.clinicsync.connectors.kit.ConnectorHttp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * google-http-client's {@link HttpTransport} over connector-kit's OkHttp client
 * ({@link ConnectorHttp#client()}), so that google-oauth-client's requests take the kit's one
 * pipeline: the SSRF guard on every hop, the body cap, the call timeout, redacted logging and the
 * kit's error classification (an error status arrives as a
 * {@link dev.clinicsync.connectors.kit.ClassifiedIOException} carrying the typed failure, never as
 * Google's free text). The library's own transports (NetHttp, Apache) would bypass all of that.
 *
 * <p>Headers the kit owns are not passed on: {@code Accept-Encoding} (OkHttp decompresses, and the
 * body cap counts decompressed bytes) and {@code User-Agent}. The library's timeouts are ignored:
 * the kit's settings bound every call. Bodies are small (token requests), so they are buffered.
 */
final class KitHttpTransport extends HttpTransport {
  private static final Set<String> KIT_OWNED = Set.of("accept-encoding", "user-agent", "content-length");

  private final OkHttpClient client;

  KitHttpTransport(ConnectorHttp http) {
    this.client = http.client();
  }

  @Override
  public boolean supportsMethod(String method) {
    return true;
  }

  @Override
  protected LowLevelHttpRequest buildRequest(String method, String url) {
    return new KitRequest(client, method, url);
  }

  private static final class KitRequest extends LowLevelHttpRequest {
    private final OkHttpClient client;
    private final String method;
    private final String url;
    private final Headers.Builder headers = new Headers.Builder();

    KitRequest(OkHttpClient client, String method, String url) {
      this.client = client;
      this.method = method;
      this.url = url;
    }

    @Override
    public void addHeader(String name, String value) {
      if (!KIT_OWNED.contains(name.toLowerCase(Locale.ROOT))) {
        headers.add(name, value);
      }
    }

    @Override
    public LowLevelHttpResponse execute() throws IOException {
      RequestBody body = null;
      StreamingContent content = getStreamingContent();
      if (content != null) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        content.writeTo(out);
        String type = getContentType();
        body = RequestBody.create(out.toByteArray(), type == null ? null : MediaType.parse(type));
      } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
        body = RequestBody.create(new byte[0], null);
      }
      Request request = new Request.Builder().url(url).headers(headers.build()).method(method, body).build();
      try (Response response = client.newCall(request).execute()) {
        ResponseBody responseBody = response.body();
        byte[] bytes = responseBody == null ? new byte[0] : responseBody.bytes();
        MediaType type = responseBody == null ? null : responseBody.contentType();
        return new KitResponse(response.code(), response.message(), response.headers(), bytes,
            type == null ? null : type.toString());
      }
    }
  }

  private static final class KitResponse extends LowLevelHttpResponse {
    private final int status;
    private final String reason;
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();
    private final byte[] body;
    private final @Nullable String contentType;

    KitResponse(int status, String reason, Headers headers, byte[] body, @Nullable String contentType) {
      this.status = status;
      this.reason = reason;
      for (int i = 0; i < headers.size(); i++) {
        String name = headers.name(i);
        if (!name.equalsIgnoreCase("content-encoding") && !name.equalsIgnoreCase("content-length")) {
          names.add(name);
          values.add(headers.value(i));
        }
      }
      this.body = body;
      this.contentType = contentType;
    }

    @Override
    public InputStream getContent() {
      return new ByteArrayInputStream(body);
    }

    @Override
    public @Nullable String getContentEncoding() {
      return null; // OkHttp has already decoded the body
    }

    @Override
    public long getContentLength() {
      return body.length;
    }

    @Override
    public @Nullable String getContentType() {
      return contentType;
    }

    @Override
    public String getStatusLine() {
      return "HTTP/1.1 " + status + " " + reason;
    }

    @Override
    public int getStatusCode() {
      return status;
    }

    @Override
    public String getReasonPhrase() {
      return reason;
    }

    @Override
    public int getHeaderCount() {
      return names.size();
    }

    @Override
    public String getHeaderName(int index) {
      return names.get(index);
    }

    @Override
    public String getHeaderValue(int index) {
      return values.get(index);
    }
  }
}
