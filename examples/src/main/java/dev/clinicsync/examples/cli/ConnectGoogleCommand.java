package dev.clinicsync.examples.cli;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.sync.AccountStatus;
import dev.clinicsync.sync.ConsentStart;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code clinicsync connect-google}: the therapist's consent for their Google account. Prints the
 * consent URL, then reads the authorization code — or the whole address Google redirected to —
 * from standard input; the grant goes to the secrets file.
 */
@Command(name = "connect-google", mixinStandardHelpOptions = true,
    description = "Link a therapist's Google account: prints the consent URL, then waits for the code.")
final class ConnectGoogleCommand extends CliCommand {
  @Option(names = "--clinician", required = true, paramLabel = "ID", description = "The therapist whose account it is.")
  String clinician = "";

  @Option(names = "--connector", paramLabel = "ID",
      description = "The Google connector reading that account (default: the only one for the clinician).")
  String connector = "";

  @Option(names = "--redirect-uri", paramLabel = "URI", defaultValue = "http://127.0.0.1:8765/oauth2/callback",
      description = "The redirect URI registered for the OAuth client (default: ${DEFAULT-VALUE}).")
  String redirectUri = "";

  @Override
  int run(Context c) {
    ClinicianId id = ClinicianId.of(clinician.strip());
    List<AccountStatus> accounts = c.runtime().coordinator().accounts().statuses(c.runtime().admin()).stream()
        .filter(a -> a.clinician().equals(id))
        .filter(a -> connector.isBlank() || a.connector().value().equals(connector.strip()))
        .toList();
    if (accounts.size() != 1) {
      throw new UsageException(accounts.isEmpty()
          ? "--clinician: no Google connector in the configuration reads an account of '" + id.value() + "'"
          : "--connector: several connectors read accounts of '" + id.value() + "'; name one");
    }
    ConnectorId target = accounts.get(0).connector();
    // consent is the therapist's own act: the CLI acts as them for it, under the configured user id
    Principal therapist = Principal.therapist(c.runtime().config().user(), id);
    ConsentStart start = c.runtime().coordinator().accounts().beginConsent(therapist, target, URI.create(redirectUri));
    c.out().println("Open this address as " + id.value() + ", allow access, then paste the code"
        + " (or the whole address you were sent to) here:");
    c.out().println(start.authorizationUrl());
    c.out().flush();
    String answer;
    try {
      answer = Optional.ofNullable(c.cli().input().readLine()).orElse("").strip();
    } catch (IOException e) {
      throw new UsageException("no authorization code could be read from standard input");
    }
    if (answer.isEmpty()) {
      throw new UsageException("no authorization code was given");
    }
    String state = query(start.authorizationUrl()).getOrDefault("state", "");
    String code = answer;
    if (answer.contains("code=")) {
      Map<String, String> q = query(URI.create(answer));
      code = q.getOrDefault("code", "");
      state = q.getOrDefault("state", state);
    }
    AccountStatus status = c.runtime().coordinator().accounts().completeConsent(therapist, state, code);
    if (c.format() == Format.JSON) {
      Map<String, Object> doc = Json.document("connect-google");
      doc.put("connector", status.connector().value());
      doc.put("clinician", status.clinician().value());
      doc.put("state", status.state().name());
      Json.print(c.out(), doc);
    } else {
      c.out().println(status.connector().value() + ": " + status.state().name().toLowerCase(Locale.ROOT));
      c.out().flush();
    }
    return 0;
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new java.util.HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
