package dev.clinicsync.connectors.athena.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.okhttp.client.OkHttpRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dev.clinicsync.connectors.kit.AccessTokenProvider;
import dev.clinicsync.connectors.kit.ClassifiedIOException;
import dev.clinicsync.connectors.kit.ConnectorHttp;
import dev.clinicsync.connectors.kit.HttpErrorClassifier;
import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.ConnectorException;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * athena's FHIR R4 API through HAPI's generic client, on connector-kit's pipeline: one
 * {@link FhirContext} per connector (made once, by the connector), HAPI's OkHttp client factory given the
 * kit's {@link ConnectorHttp#client()} — so the SSRF guard, body cap, call timeout, rate limit,
 * error classification and redacted logging hold for every request — with timeouts and
 * {@link ServerValidationModeEnum#NEVER} set on the factory before the client exists (no
 * {@code /metadata} call behind our back).
 *
 * <p>Every call runs under the kit's {@link dev.clinicsync.connectors.kit.RetryExecutor} (429 and
 * 5xx retried with Retry-After), a 401 invalidates the token and is tried once more, and every
 * failure leaves here as a classified {@link ConnectorException} whose message and causes carry
 * nothing HAPI read from the payload.
 */
public final class FhirApi {
  private static final Logger LOG = LoggerFactory.getLogger(FhirApi.class);
  private final FhirContext fhir;
  private final IGenericClient client;
  private final ConnectorHttp http;
  private final AccessTokenProvider tokens;
  private final String baseUrl;

  /**
   * @param fhir the connector's own R4 context (made once per connector): its parser error handler
   *     becomes {@link QuietParserErrorHandler} and its client factory this API's, so it must not be
   *     shared with another connector in use at the same time
   */
  public FhirApi(FhirContext fhir, ConnectorHttp http, AccessTokenProvider tokens, String baseUrl, HttpSettings settings) {
    this.fhir = Checks.notNull(fhir, "FHIR context");
    this.http = Checks.notNull(http, "connector HTTP");
    this.tokens = Checks.notNull(tokens, "access token provider");
    this.baseUrl = Checks.notBlank(baseUrl, "FHIR base URL");
    fhir.setParserErrorHandler(new QuietParserErrorHandler());
    OkHttpRestfulClientFactory factory = new OkHttpRestfulClientFactory(fhir);
    factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
    factory.setConnectTimeout(millis(settings.connectTimeout()));
    factory.setSocketTimeout(millis(settings.readTimeout()));
    factory.setHttpClient(http.client());
    // installed in the context: HAPI reaches for the context's factory on some paths (absolute
    // page links), and any other factory would be a second HTTP pipeline without the kit's guard
    fhir.setRestfulClientFactory(factory);
    this.client = fhir.newRestfulGenericClient(this.baseUrl);
    client.registerInterceptor(new BearerTokenInterceptor(tokens));
    client.registerInterceptor(new EmptyBodyInterceptor(http.classifier()));
  }

  /** The connector's FHIR context (R4). */
  public FhirContext context() {
    return fhir;
  }

  public HttpErrorClassifier classifier() {
    return http.classifier();
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** A search, {@code relative} being {@code Appointment?…} under the base URL. */
  public Bundle search(String relative) {
    return call(() -> client.search().byUrl(relative).returnBundle(Bundle.class).execute());
  }

  /** The page a {@code Bundle.link[next]} URL names. */
  public Bundle page(String absoluteUrl) {
    return call(() -> client.loadPage().byUrl(absoluteUrl).andReturnBundle(Bundle.class).execute());
  }

  /**
   * {@code GET ValueSet/$expand?url=<canonicalUrl>}: the server's expansion of a value set, on the
   * same client and pipeline as every other call.
   */
  public ValueSet expand(String canonicalUrl) {
    Checks.notBlank(canonicalUrl, "value set canonical URL");
    return call(() -> client.operation().onType(ValueSet.class).named("$expand")
        .withParameter(Parameters.class, "url", new UriType(canonicalUrl))
        .useHttpGet()
        .returnResourceType(ValueSet.class)
        .execute());
  }

  /** The server's CapabilityStatement ({@code GET /metadata}). */
  public CapabilityStatement capabilities() {
    return call(() -> client.capabilities().ofType(CapabilityStatement.class).execute());
  }

  private <T> T call(Supplier<T> operation) {
    return http.retries().call(() -> {
      try {
        return once(operation);
      } catch (ConnectorAuthException e) {
        if (e.httpStatus().orElse(0) != 401) {
          throw e;
        }
        tokens.invalidate(tokens.token());
        return once(operation);
      }
    });
  }

  private <T> T once(Supplier<T> operation) {
    try {
      return operation.get();
    } catch (ConnectorException e) {
      throw e;
    } catch (RuntimeException e) {
      RuntimeException classified = translate(e);
      if (LOG.isDebugEnabled()) {
        LOG.debug("[{}] HAPI failure {} classified as {}", http.classifier().connectorId(), chain(e),
            classified.getClass().getSimpleName());
      }
      throw classified;
    }
  }

  /**
   * The classified failure behind a HAPI exception. HAPI's messages may quote the response (a
   * parse error shows the text around it), so neither they nor HAPI's exception travel on.
   */
  private RuntimeException translate(RuntimeException e) {
    HttpErrorClassifier classifier = http.classifier();
    ConnectorException classified = classifiedCause(e);
    if (classified != null) {
      return classified;
    }
    IOException io = ioCause(e);
    if (io != null && !(io instanceof com.fasterxml.jackson.core.JsonProcessingException)) {
      return classifier.classify(io);
    }
    if (!e.getClass().getName().startsWith("ca.uhn.fhir.")) {
      return e;
    }
    // error statuses never reach HAPI (the kit classifies them first), and the status HAPI puts on
    // its own exceptions is made up (a parse failure is a "500"): what is left is a payload HAPI
    // could not read as the resource asked for
    return classifier.malformed("the response is not the FHIR resource asked for ("
        + (e instanceof BaseServerResponseException ? "HAPI " : "") + e.getClass().getSimpleName() + ")", 200, null);
  }

  private static @Nullable ConnectorException classifiedCause(Throwable t) {
    for (Throwable c = t; c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof ClassifiedIOException ce) {
        return ce.exception();
      }
      if (c instanceof ConnectorException ce) {
        return ce;
      }
    }
    return null;
  }

  /** The first I/O failure in the chain: a transport failure, or Jackson's parse failure (not transport). */
  private static @Nullable IOException ioCause(Throwable t) {
    for (Throwable c = t; c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof IOException io) {
        return io;
      }
    }
    return null;
  }

  /** The exception classes of a chain, never their messages (which may quote the payload). */
  private static String chain(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null && sb.length() < 500; c = c.getCause() == c ? null : c.getCause()) {
      sb.append(sb.length() == 0 ? "" : " < ").append(c.getClass().getSimpleName());
    }
    return sb.toString();
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }

  @Override
  public String toString() {
    return "FhirApi[" + http.classifier().connectorId() + "]";
  }
}
