package dev.clinicsync.connectors.kit;

/**
 * Gives the current access token. {@link AuthInterceptor} asks on every call — no interceptor
 * keeps a token in a field — so a refreshed token is picked up at once.
 */
public interface AccessTokenProvider {

  /**
   * A token valid now, fetched or refreshed when needed.
   *
   * @throws dev.clinicsync.core.ConnectorException when no token can be had (classified)
   */
  AccessToken token();

  /**
   * Tells the provider that the vendor rejected this token (a 401), so the next
   * {@link #token()} fetches a new one. Does nothing when the provider already holds another.
   */
  void invalidate(AccessToken rejected);
}
