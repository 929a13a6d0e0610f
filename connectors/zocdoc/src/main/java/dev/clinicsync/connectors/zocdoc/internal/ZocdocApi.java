package dev.clinicsync.connectors.zocdoc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clinicsync.connectors.kit.ConnectorHttp;
import dev.clinicsync.connectors.kit.VendorResponse;
import dev.clinicsync.core.ConnectorException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * The Zocdoc calls the connector makes, each through connector-kit's {@link ConnectorHttp} (the
 * client-credentials token, rate limit, retries, SSRF guard, call timeout, body cap, redacted
 * logging, classification). Reads are retried under the kit's {@code RetryExecutor}; the booking
 * create ({@link #book}) is sent exactly once ({@link ConnectorHttp#executeOnce}), because Zocdoc has
 * no idempotency key and a retried create may book twice. Confirm and cancel name an existing
 * appointment, so a repeat cannot book anything and they are retried like reads.
 */
public final class ZocdocApi {
  /** The query parameters whose values the kit's logging may show (times, paging, vendor ids). */
  public static final String[] SHOWN_QUERY_PARAMETERS = {
      "start_time_utc_min", "start_time_utc_max", "provider_ids", "location_ids", "practice_ids", "sort_by", "date",
      "page", "page_size"};

  private static final okhttp3.MediaType JSON = okhttp3.MediaType.get("application/json; charset=utf-8");

  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);

  private final ConnectorHttp http;
  private final HttpUrl appointments;
  private final HttpUrl root;

  /**
   * @param http the API pipeline, with the token source
   * @param baseUrl the API root, validated by the settings
   */
  public ZocdocApi(ConnectorHttp http, String baseUrl) {
    this.http = http;
    HttpUrl root = HttpUrl.parse(baseUrl);
    if (root == null) {
      throw new IllegalArgumentException("the base URL was validated by the settings");
    }
    this.root = root;
    this.appointments = root.newBuilder().addPathSegments("v1/appointments").build();
  }

  public ConnectorHttp http() {
    return http;
  }

  /** One page of {@code GET /v1/appointments} for a slice, sorted by start time. */
  public JsonNode list(Slice slice, int page, int pageSize, List<String> practiceIds) {
    HttpUrl.Builder url = appointments.newBuilder()
        .addQueryParameter("start_time_utc_min", utc(slice.start()))
        .addQueryParameter("start_time_utc_max", utc(slice.end()))
        .addQueryParameter("sort_by", "start_time_utc")
        .addQueryParameter("page", Integer.toString(page))
        .addQueryParameter("page_size", Integer.toString(pageSize));
    slice.providerId().ifPresent(p -> url.addQueryParameter("provider_ids", p));
    slice.locationId().ifPresent(l -> url.addQueryParameter("location_ids", l));
    if (!practiceIds.isEmpty()) {
      url.addQueryParameter("practice_ids", String.join(",", practiceIds));
    }
    return http.execute(new Request.Builder().url(url.build()).get().build(), VendorResponse::json);
  }

  /** {@code GET /v1/appointments/{id}}; empty when Zocdoc answers 404 (gone, or not visible to us). */
  public Optional<JsonNode> get(String appointmentId) {
    HttpUrl url = appointments.newBuilder().addPathSegment(appointmentId).build();
    try {
      return Optional.of(http.execute(new Request.Builder().url(url).get().build(), VendorResponse::json));
    } catch (ConnectorException e) {
      if (e.httpStatus().isPresent() && e.httpStatus().getAsInt() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** {@code POST /v1/appointments}, sent once and never retried here (no idempotency key at Zocdoc). */
  public JsonNode book(JsonNode body) {
    Request request = new Request.Builder().url(appointments).post(json(body)).build();
    return http.executeOnce(request, VendorResponse::json);
  }

  /** {@code POST /v1/appointments/confirm}; retried (it cannot book a second appointment). */
  public void confirm(String appointmentId) {
    com.fasterxml.jackson.databind.node.ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
        .objectNode().put("appointment_id", appointmentId);
    HttpUrl url = appointments.newBuilder().addPathSegment("confirm").build();
    http.execute(new Request.Builder().url(url).post(json(body)).build(), r -> Boolean.TRUE);
  }

  /**
   * {@code POST /v1/appointments/cancel}; retried (cancelling twice cancels once).
   *
   * @return false when Zocdoc answers 404 (no such appointment, or not visible to us)
   */
  public boolean cancel(String appointmentId, String reason, String reasonType) {
    com.fasterxml.jackson.databind.node.ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
        .objectNode().put("appointment_id", appointmentId).put("cancellation_reason", reason)
        .put("cancellation_reason_type", reasonType);
    HttpUrl url = appointments.newBuilder().addPathSegment("cancel").build();
    try {
      return http.execute(new Request.Builder().url(url).post(json(body)).build(), r -> Boolean.TRUE);
    } catch (ConnectorException e) {
      if (e.httpStatus().isPresent() && e.httpStatus().getAsInt() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** The first page of {@code GET /v1/appointments?developer_patient_id=…}, newest first. */
  public JsonNode byDeveloperPatientId(String developerPatientId) {
    HttpUrl url = appointments.newBuilder()
        .addQueryParameter("developer_patient_id", developerPatientId)
        .addQueryParameter("sort_by", "created_time_utc")
        .addQueryParameter("page", "0")
        .addQueryParameter("page_size", "100")
        .build();
    return http.execute(new Request.Builder().url(url).get().build(), VendorResponse::json);
  }

  private static okhttp3.RequestBody json(JsonNode body) {
    return okhttp3.RequestBody.create(body.toString(), JSON);
  }

  /** One page of {@code GET /v1/providers/{id}/calendar/timeslots} for a local date. */
  public JsonNode timeslots(String providerId, java.time.LocalDate date, Optional<String> pageToken) {
    HttpUrl.Builder url = root.newBuilder().addPathSegments("v1/providers").addPathSegment(providerId)
        .addPathSegments("calendar/timeslots")
        .addQueryParameter("date", date.toString())
        .addQueryParameter("limit", "500");
    pageToken.ifPresent(t -> url.addQueryParameter("next_page_token", t));
    return http.execute(new Request.Builder().url(url.build()).get().build(), VendorResponse::json);
  }

  /** An ISO-8601 UTC instant at whole seconds, never in the JVM's zone. */
  public static String utc(Instant instant) {
    return UTC.format(instant);
  }

  @Override
  public String toString() {
    return "ZocdocApi[" + http + "]";
  }
}
