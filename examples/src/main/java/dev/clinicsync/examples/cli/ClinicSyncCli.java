package dev.clinicsync.examples.cli;

import dev.clinicsync.core.ClinicSyncException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code clinicsync} command: syncs the configured vendors into an embedded H2 database and
 * answers from it — the aggregated calendar, conflicts, availability, a conflict check, the audit
 * trail's verification, the write queue, Google account linking.
 *
 * <p>Exit codes: 0 done; 1 an error (one line on standard error, the stack trace only with
 * {@code --verbose}); 2 a command line or configuration that cannot be used; 3 a check that found
 * something ({@code check} found conflicts, {@code audit verify} found the trail broken).
 */
@Command(name = "clinicsync", mixinStandardHelpOptions = true, versionProvider = ClinicSyncCli.Version.class,
    description = "Sync clinic calendars from Zocdoc, SimplePractice, Kareo, athenahealth and Google, and find conflicts.",
    subcommands = {SyncCommand.class, CalendarCommand.class, ConflictsCommand.class, AvailabilityCommand.class,
        CheckCommand.class, AuditCommand.class, QueueCommand.class, ConnectGoogleCommand.class, DemoCommand.class})
public final class ClinicSyncCli {
  /** Exit code of a check that found something: conflicts, or a broken audit trail. */
  public static final int FOUND = 3;

  private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
  private static final String DEMO_OUTBOX_LOG = "org.slf4j.simpleLogger.log.dev.clinicsync.sync.internal.Outbox";

  private final Clock clock;
  private final Map<String, String> environment;
  private final BufferedReader input;
  private final boolean interactive;

  /**
   * @param clock the clock every command uses
   * @param environment where {@code CLINICSYNC_*} secrets are read from
   * @param input what {@code connect-google} reads the authorization code from
   * @param interactive whether a person is watching (progress lines are printed)
   */
  public ClinicSyncCli(Clock clock, Map<String, String> environment, BufferedReader input, boolean interactive) {
    this.clock = clock;
    this.environment = Map.copyOf(environment);
    this.input = input;
    this.interactive = interactive;
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    // libraries log through slf4j; the CLI binds slf4j-simple and keeps it to warnings unless asked
    boolean verbose = Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
    if (System.getProperty(LOG_LEVEL) == null) {
      System.setProperty(LOG_LEVEL, verbose ? "info" : "warn");
    }
    if (!verbose && args.length > 0 && args[0].equals("demo") && System.getProperty(DEMO_OUTBOX_LOG) == null) {
      // the demo practice mirrors only its Google users: the outbox's one warning per other clinician is expected
      System.setProperty(DEMO_OUTBOX_LOG, "error");
    }
    ClinicSyncCli cli = new ClinicSyncCli(Clock.systemDefaultZone(), System.getenv(),
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.console() != null);
    System.exit(cli.execute(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
  }

  /** Runs a command line, printing to {@code out} and {@code err}; returns the exit code. */
  public int execute(String[] args, PrintWriter out, PrintWriter err) {
    boolean verbose = Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
    CommandLine cl = new CommandLine(this);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      err.println("clinicsync: " + message(e));
      if (verbose) {
        e.printStackTrace(err);
      }
      err.flush();
      return e instanceof UsageException || e instanceof ConfigException ? 2 : 1;
    });
    return cl.execute(args);
  }

  private static String message(Throwable e) {
    if (e instanceof ClinicSyncException && e.getMessage() != null) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  Clock clock() {
    return clock;
  }

  Map<String, String> environment() {
    return environment;
  }

  BufferedReader input() {
    return input;
  }

  boolean interactive() {
    return interactive;
  }

  /** The version from the jar's manifest, when run from one. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = ClinicSyncCli.class.getPackage().getImplementationVersion();
      return new String[] {"clinicsync " + (v == null ? "(development build)" : v)};
    }
  }
}
