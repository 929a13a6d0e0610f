package dev.clinicsync.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RedactionTest {
  private final Redaction redaction = Redaction.defaults();

  @Test
  @DisplayName("deny-listed query values are masked, others kept")
  void query() {
    HttpUrl url = HttpUrl.get("https://api.example.com/v1/appointments?page=2&access_token=abc&developer_patient_id=P77&client_secret=s3&statuses=confirmed");
    assertThat(redaction.url(url))
        .isEqualTo("https://api.example.com/v1/appointments?page=2&access_token=[redacted]"
            + "&developer_patient_id=[redacted]&client_secret=[redacted]&statuses=confirmed")
        .doesNotContain("abc", "P77", "s3");
  }

  @Test
  @DisplayName("values of query parameters nobody reviewed are masked; a connector can allow its own")
  void unknownQueryParameters() {
    HttpUrl url = HttpUrl.get("https://api.example.com/v1/appointments?search=Jane%20Doe&cursor=c1&timeMin=2026-03-02T00:00:00Z&pageToken=pt");
    assertThat(redaction.url(url))
        .isEqualTo("https://api.example.com/v1/appointments?search=[redacted]&cursor=[redacted]"
            + "&timeMin=2026-03-02T00%3A00%3A00Z&pageToken=[redacted]")
        .doesNotContain("Jane", "c1", "pt");
    Redaction withCursor = redaction.allowingQueryParameters("Cursor", "page_token");
    assertThat(withCursor.url(url)).contains("cursor=c1").doesNotContain("Jane", "=pt");
    assertThat(withCursor.isShownQueryParameter("page_token")).as("a denied fragment still wins").isFalse();
  }

  @Test
  @DisplayName("the id after a patient collection in the path is masked; user info and fragments are dropped")
  void path() {
    HttpUrl url = HttpUrl.get("https://user:pw@api.example.com:8443/v1/195900/patients/60178/appointments#frag");
    assertThat(redaction.url(url))
        .isEqualTo("https://api.example.com:8443/v1/195900/patients/[redacted]/appointments");
  }

  @Test
  @DisplayName("opaque paths hide capability URLs such as private ICS feeds")
  void opaque() {
    HttpUrl url = HttpUrl.get("https://secure.example.com/ical/9f8e7d6c5b4a.ics");
    assertThat(redaction.withOpaquePaths().url(url)).isEqualTo("https://secure.example.com/[redacted]");
  }

  @Test
  @DisplayName("denied headers are masked case-insensitively, and lists can grow")
  void headers() {
    assertThat(redaction.headerValue("authorization", "Bearer x")).isEqualTo(Redaction.MASK);
    assertThat(redaction.headerValue("Cookie", "a=b")).isEqualTo(Redaction.MASK);
    assertThat(redaction.headerValue("Accept", "application/json")).isEqualTo("application/json");
    assertThat(redaction.denyingHeaders("X-Kareo-User").isDeniedHeader("x-kareo-user")).isTrue();
    assertThat(redaction.denyingQueryParameters("practice").isDeniedQueryParameter("Practice")).isTrue();
    assertThat(redaction.isDeniedQueryParameter("refresh_token")).isTrue();
    assertThat(redaction.isDeniedQueryParameter("page_size")).isFalse();
  }

  @Test
  @DisplayName("header values are shown only for allow-listed headers; a Content-Disposition filename or a custom header is masked")
  void headerAllowList() {
    assertThat(redaction.headerValue("Content-Type", "text/calendar")).isEqualTo("text/calendar");
    assertThat(redaction.headerValue("content-length", "42")).isEqualTo("42");
    assertThat(redaction.headerValue("Retry-After", "30")).isEqualTo("30");
    assertThat(redaction.headerValue("ETag", "\"v7\"")).isEqualTo("\"v7\"");
    assertThat(redaction.headerValue("X-RateLimit-Remaining", "99")).isEqualTo("99");
    assertThat(redaction.headerValue("RateLimit-Reset", "12")).isEqualTo("12");
    assertThat(redaction.headerValue("X-Request-Id", "rq-1")).isEqualTo("rq-1");
    assertThat(redaction.headerValue("Content-Disposition", "attachment; filename=\"Jane Doe.ics\"")).isEqualTo(Redaction.MASK);
    assertThat(redaction.headerValue("X-Patient-Name", "Jane Doe")).isEqualTo(Redaction.MASK);
    assertThat(redaction.headerValue("Location", "https://x.example/patients/Jane")).isEqualTo(Redaction.MASK);
    assertThat(redaction.headerValue("Link", "<https://x.example/patients/Jane>; rel=next")).isEqualTo(Redaction.MASK);
    Redaction athena = redaction.allowingHeaders("X-Athena-Request-Id", "Authorization");
    assertThat(athena.headerValue("x-athena-request-id", "a-1")).isEqualTo("a-1");
    assertThat(athena.headerValue("Authorization", "Bearer t")).as("a denied header stays masked").isEqualTo(Redaction.MASK);
  }
}
