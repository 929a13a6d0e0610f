package dev.clinicsync.connectors.kit.reference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clinicsync.connectors.kit.Backoff;
import dev.clinicsync.connectors.kit.ClientCredentialsTokenSource;
import dev.clinicsync.connectors.kit.ConnectorHttp;
import dev.clinicsync.connectors.kit.HttpClients;
import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.connectors.kit.RateLimiter;
import dev.clinicsync.connectors.kit.HttpErrorClassifier;
import dev.clinicsync.connectors.kit.RetryExecutor;
import dev.clinicsync.connectors.kit.Sleeper;
import dev.clinicsync.connectors.kit.SsrfGuard;
import dev.clinicsync.connectors.kit.VendorResponse;
import dev.clinicsync.connectors.tck.Output;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.model.SyncCursor;
import java.time.Duration;
import java.util.EnumSet;
import java.util.SplittableRandom;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * The reference connector: a fake JSON vendor ({@code GET /v1/appointments} with
 * {@code start}, {@code end}, {@code page_size}, {@code page_token}, {@code since}; OAuth2 client
 * credentials at {@code /oauth/token}), built only from kit pieces. It yields appointment records,
 * or — built for {@link Output#BUSY_BLOCKS} — the same appointments as PHI-free busy blocks, so the
 * TCK's busy-block path is proven too.
 */
final class FakeVendorConnector implements SourceConnector {
  static final SourceSystem SYSTEM = SourceSystem.of("fakevendor");
  static final String CLIENT_ID = "fakevendor/client-id";
  static final String CLIENT_SECRET = "fakevendor/client-secret";

  private final ConnectorId id;
  private final HttpUrl baseUrl;
  private final ConnectorHttp http;
  private final FakeVendorMapper mapper;
  private final Flaw flaw;
  private final Output output;

  FakeVendorConnector(ConnectorConfig config, ConnectorContext context, Sleeper sleeper, Flaw flaw, Output output) {
    this.id = config.id();
    this.output = output;
    this.baseUrl = HttpUrl.get(config.require("base-url"));
    this.flaw = flaw;
    HttpSettings settings = HttpSettings.from(config);
    SsrfGuard guard = SsrfGuard.from(config);
    if (flaw == Flaw.UNHARDENED) {
      // what a connector gets by relaxing everything: private addresses, no body cap worth the name, no call bound
      settings = settings.withMaxBodyBytes(512L * 1024 * 1024).withCallTimeout(Duration.ofMinutes(10));
      guard = guard.allowingPrivateAddresses();
    }
    ClientCredentialsTokenSource tokens = ClientCredentialsTokenSource
        .builder(id, baseUrl.newBuilder().addPathSegments("oauth/token").build().toString(), context.secrets(), context.clock())
        .credentials(CLIENT_ID, CLIENT_SECRET)
        .bodyFormat(ClientCredentialsTokenSource.BodyFormat.JSON)
        .clientAuthentication(ClientCredentialsTokenSource.ClientAuthentication.BODY)
        .audience(baseUrl.toString())
        .httpClient(guard.applyTo(HttpClients.forConnector(settings), HttpErrorClassifier.forConnector(id, context.clock()))
            .build())
        .build();
    this.http = ConnectorHttp.builder(id, context.clock())
        .settings(settings)
        .ssrfGuard(guard)
        .accessTokens(tokens)
        .rateLimiter(RateLimiter.fromConfig(config, 5, context.clock(), sleeper))
        .retries(RetryExecutor.of(Backoff.DEFAULT, sleeper, new SplittableRandom(42)))
        .build();
    this.mapper = new FakeVendorMapper(context, flaw);
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
    EnumSet<Capability> capabilities = EnumSet.of(Capability.FULL_FETCH, Capability.INCREMENTAL_FETCH);
    if (output == Output.BUSY_BLOCKS) {
      capabilities.add(Capability.BUSY_BLOCKS);
    }
    return new ConnectorCapabilities(capabilities, Duration.ofMinutes(1));
  }

  @Override
  public FetchPage fetch(FetchRequest request) {
    HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments("v1/appointments")
        .addQueryParameter("start", request.window().start().toString())
        .addQueryParameter("end", request.window().end().toString())
        .addQueryParameter("page_size", Integer.toString(request.pageSize()));
    request.pageToken().ifPresent(t -> url.addQueryParameter("page_token", t));
    request.cursor().ifPresent(c -> url.addQueryParameter("since", c.value()));
    return http.execute(new Request.Builder().url(url.build()).build(), this::page);
  }

  private FetchPage page(VendorResponse response) {
    JsonNode json = response.json();
    JsonNode items = json.path("appointments");
    if (!items.isArray()) {
      throw response.malformed("no appointments array");
    }
    FetchPage.Builder page = FetchPage.builder();
    for (int i = 0; i < items.size(); i++) {
      if (output == Output.BUSY_BLOCKS) {
        mapper.mapBusy(items.get(i), i, page::issue).ifPresent(page::busyBlock);
      } else {
        mapper.map(items.get(i), i, page::issue).ifPresent(page::upsert);
      }
    }
    for (JsonNode deleted : json.path("deleted")) {
      SourceRef gone = SourceRef.of(SYSTEM, deleted.asText());
      if (output == Output.BUSY_BLOCKS) {
        page.deleteBusyBlock(gone);
      } else {
        page.deleteAppointment(gone);
      }
    }
    String nextPage = json.path("next_page_token").asText("");
    if (!nextPage.isBlank() && flaw != Flaw.LOSES_A_PAGE) {
      page.nextPageToken(nextPage);
    } else if (!json.path("next_cursor").asText("").isBlank()) {
      page.nextCursor(SyncCursor.of(json.path("next_cursor").asText()));
    }
    return page.build();
  }
}
