package dev.clinicsync.examples.harbor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clinicsync.connectors.kit.AccessToken;
import dev.clinicsync.connectors.kit.AccessTokenProvider;
import dev.clinicsync.connectors.kit.Backoff;
import dev.clinicsync.connectors.kit.ConnectorHttp;
import dev.clinicsync.connectors.kit.RateLimiter;
import dev.clinicsync.connectors.kit.RetryExecutor;
import dev.clinicsync.connectors.kit.Sleeper;
import dev.clinicsync.connectors.kit.VendorResponse;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.store.SecretStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Steps 1 to 3 of the guide: Harbor's visits as canonical appointments.
 *
 * <p>Harbor's API: {@code GET /api/v2/practices/{practice}/visits?from=&to=&limit=} with
 * {@code Authorization: Bearer <api key>}; a page lists {@code visits}, ids of {@code removed}
 * visits and a {@code next_cursor} while more pages follow; the last page carries a
 * {@code change_token}, which {@code changed_since=} turns into an incremental read of what changed
 * since. Every call goes through connector-kit's {@link ConnectorHttp}: SSRF guard, body cap, call
 * timeout, retries with backoff and Retry-After, rate limit, redacted logging.
 */
final class HarborConnector implements SourceConnector {
  /** Harbor as a source system: the namespace of its ids in the canonical model. */
  static final SourceSystem SYSTEM = SourceSystem.of("harbor");
  /** The secret holding the API key, unless the configuration names another. */
  static final String DEFAULT_API_KEY_SECRET = "harbor/api-key";

  private final ConnectorId id;
  private final HttpUrl visits;
  private final ConnectorHttp http;
  private final HarborMapper mapper;

  HarborConnector(ConnectorConfig config, ConnectorContext context, Sleeper sleeper) {
    this.id = config.id();
    HttpUrl base = HttpUrl.get(config.require("base-url"));
    this.visits = base.newBuilder().addPathSegments("api/v2/practices").addPathSegment(config.require("practice"))
        .addPathSegment("visits").build();
    this.http = ConnectorHttp.builder(id, context.clock())
        .config(config) // http.* limits and the SSRF guard's allow-* relaxations, from the host's configuration
        .accessTokens(new ApiKey(id, context.secrets(), config.get("api-key-secret").orElse(DEFAULT_API_KEY_SECRET)))
        .rateLimiter(RateLimiter.fromConfig(config, 5, context.clock(), sleeper))
        .retries(RetryExecutor.of(Backoff.DEFAULT, sleeper, new SecureRandom()))
        .build();
    this.mapper = new HarborMapper(context);
  }

  static HarborConnector create(ConnectorConfig config, ConnectorContext context) {
    return new HarborConnector(config, context, Sleeper.system());
  }

  @Override
  public ConnectorId id() {
    return id;
  }

  @Override
  public SourceSystem system() {
    return SYSTEM;
  }

  @Override
  public ConnectorCapabilities capabilities() {
    return new ConnectorCapabilities(EnumSet.of(Capability.FULL_FETCH, Capability.INCREMENTAL_FETCH), Duration.ofMinutes(1));
  }

  @Override
  public FetchPage fetch(FetchRequest request) {
    HttpUrl.Builder url = visits.newBuilder()
        .addQueryParameter("from", request.window().start().toString())
        .addQueryParameter("to", request.window().end().toString())
        .addQueryParameter("limit", Integer.toString(request.pageSize()));
    request.pageToken().ifPresent(t -> url.addQueryParameter("cursor", t));
    request.cursor().ifPresent(c -> url.addQueryParameter("changed_since", c.value()));
    return http.execute(new Request.Builder().url(url.build()).build(), this::page);
  }

  /** One response page as typed changes; a body that is not Harbor's shape fails the whole fetch. */
  private FetchPage page(VendorResponse response) {
    JsonNode json = response.json();
    JsonNode items = json.path("visits");
    if (!items.isArray()) {
      throw response.malformed("no visits array");
    }
    FetchPage.Builder page = FetchPage.builder();
    for (int i = 0; i < items.size(); i++) {
      mapper.map(items.get(i), i, page::issue).ifPresent(page::upsert);
    }
    for (JsonNode removed : json.path("removed")) {
      if (removed.isTextual() && !removed.asText().isBlank()) {
        page.deleteAppointment(SourceRef.of(SYSTEM, removed.asText()));
      }
    }
    String next = json.path("next_cursor").asText("");
    String changeToken = json.path("change_token").asText("");
    if (!next.isBlank()) {
      page.nextPageToken(next); // only the last page carries the cursor of the next sync
    } else if (!changeToken.isBlank()) {
      page.nextCursor(SyncCursor.of(changeToken));
    }
    return page.build();
  }

  /**
   * Harbor's API key, read from the host's secret store on every call (a rotated key is used at
   * once) and sent as a bearer token. A key Harbor refuses cannot be refreshed: the 401 stays an
   * authentication error for the host to act on.
   */
  private record ApiKey(ConnectorId connector, SecretStore secrets, String secretName) implements AccessTokenProvider {
    @Override
    public AccessToken token() {
      return secrets.get(secretName).map(s -> AccessToken.withoutExpiry(s.asString())).orElseThrow(() ->
          new ConnectorAuthException(connector.value(), "the Harbor API key '" + secretName + "' is not in the secret store",
              0, null, false, null));
    }

    @Override
    public void invalidate(AccessToken rejected) {
      // nothing to refresh: the next call reads the secret store again
    }
  }
}
