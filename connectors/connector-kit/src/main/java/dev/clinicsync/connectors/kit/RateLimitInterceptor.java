package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.Checks;
import java.io.IOException;
import java.io.InterruptedIOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Takes a permit from the connector instance's {@link RateLimiter} before each request goes
 * out, waiting when the bucket is empty. Place it inside (after) the auth interceptor so that a
 * token-refresh retry also pays for its request.
 */
public final class RateLimitInterceptor implements Interceptor {
  private final RateLimiter limiter;

  public RateLimitInterceptor(RateLimiter limiter) {
    this.limiter = Checks.notNull(limiter, "rate limiter");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    try {
      limiter.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("interrupted while waiting for a rate-limit permit");
      io.initCause(e);
      throw io;
    }
    return chain.proceed(chain.request());
  }
}
