package dev.clinicsync.connectors.kit;

import dev.clinicsync.connectors.kit.internal.ClinicSyncVersion;
import dev.clinicsync.connectors.kit.internal.UserAgentInterceptor;
import okhttp3.OkHttpClient;

/**
 * The one OkHttp client every REST connector derives from: one connection pool and dispatcher
 * for the whole process, a {@code User-Agent: ClinicSync/<version>}, transparent gzip (OkHttp
 * asks for and inflates gzip itself), no cleartext redirects from https. A connector derives its
 * own variant with {@link #forConnector(HttpSettings)} — {@code newBuilder()} shares the pool —
 * and adds its interceptors there; {@link ConnectorHttp} does that and adds the
 * {@link SsrfGuard} and the {@link BodyLimitInterceptor}, which a bare variant does not have.
 *
 * <p>The shared client is created on first use, not at class load, and starts no thread until a
 * request is made.
 */
public final class HttpClients {
  private HttpClients() {}

  private static final class Holder {
    static final OkHttpClient SHARED = new OkHttpClient.Builder()
        .addInterceptor(new UserAgentInterceptor(userAgent()))
        .connectTimeout(HttpSettings.DEFAULTS.connectTimeout())
        .readTimeout(HttpSettings.DEFAULTS.readTimeout())
        .writeTimeout(HttpSettings.DEFAULTS.writeTimeout())
        .callTimeout(HttpSettings.DEFAULTS.callTimeout())
        .followSslRedirects(false)
        .build();
  }

  /** The process-wide base client. Never add interceptors to it; derive a variant instead. */
  public static OkHttpClient shared() {
    return Holder.SHARED;
  }

  /** A builder over the shared client (same pool) with the given timeouts. */
  public static OkHttpClient.Builder forConnector(HttpSettings settings) {
    return withSettings(shared().newBuilder(), settings);
  }

  /** Applies the timeouts to a builder. */
  public static OkHttpClient.Builder withSettings(OkHttpClient.Builder builder, HttpSettings settings) {
    return builder
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.readTimeout())
        .writeTimeout(settings.writeTimeout())
        .callTimeout(settings.callTimeout());
  }

  /** {@code ClinicSync/<version>}, the version read from a resource Maven filters at build time. */
  public static String userAgent() {
    return "ClinicSync/" + ClinicSyncVersion.current();
  }
}
