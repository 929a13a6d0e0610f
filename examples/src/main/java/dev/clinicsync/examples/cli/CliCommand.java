package dev.clinicsync.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works on the configured database: loads the configuration, opens the runtime,
 * runs, and closes everything again.
 */
abstract class CliCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common = new CommonOptions();

  @Spec
  @org.jspecify.annotations.Nullable CommandSpec spec;

  /** What a command works with. */
  record Context(ClinicSyncCli cli, CliRuntime runtime, PrintWriter out, PrintWriter err, Format format) {

    /** Progress for people: only on a terminal and only for tables, never in piped output. */
    void progress(String line) {
      if (showsProgress()) {
        err.println(line);
        err.flush();
      }
    }

    /** Whether progress is shown: a person at a terminal, reading tables (see {@link ProgressLine}). */
    boolean showsProgress() {
      return cli.interactive() && format == Format.TABLE;
    }
  }

  @Override
  public final Integer call() {
    CommandSpec spec = java.util.Objects.requireNonNull(this.spec, "picocli injects the command spec");
    ClinicSyncCli cli = (ClinicSyncCli) spec.root().userObject();
    Format format = common.format();
    CliConfig config = ConfigLoader.load(common.config);
    try (CliRuntime runtime = CliRuntime.open(config, cli.clock(), cli.environment())) {
      return run(new Context(cli, runtime, spec.commandLine().getOut(), spec.commandLine().getErr(), format));
    }
  }

  /** Runs the command; returns the exit code. */
  abstract int run(Context c);
}
