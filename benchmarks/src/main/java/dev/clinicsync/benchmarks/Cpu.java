package dev.clinicsync.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU time and load average beside wall-clock figures: on a shared 2-core VM a benchmark thread is
 * often descheduled, so JMH's wall-clock time is partly waiting, and a database's work happens in its
 * own server processes. Linux only for the server's share ({@code /proc}); elsewhere it reads 0.
 */
final class Cpu {
  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100 on Linux

  private Cpu() {}

  /** CPU time of this JVM, all threads. */
  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }

  /**
   * CPU time of JMH's benchmark threads (named {@code ...-jmh-worker-N}), without the JIT compiler's
   * and the garbage collector's threads, which {@link #processCpuNanos} includes.
   */
  static long workerCpuNanos() {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().contains("jmh-worker")) {
        long cpu = threads.getThreadCpuTime(t.getId());
        sum += Math.max(0, cpu);
      }
    }
    return sum;
  }

  /** The 1-, 5- and 15-minute load averages, as {@code /proc/loadavg} shows them. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /**
   * CPU time of the PostgreSQL server whose command line names {@code dataDir} and of its live
   * children (the backends), plus what its exited children used (reaped into its own counters).
   */
  static long serverCpuNanos(Path dataDir) {
    Optional<Long> postmaster = postmaster(dataDir.toAbsolutePath().toString());
    if (postmaster.isEmpty()) {
      return 0;
    }
    long ticks = ticks(postmaster.get(), true);
    for (ProcessHandle child : ProcessHandle.of(postmaster.get()).map(p -> p.descendants().toList())
        .orElse(java.util.List.of())) {
      ticks += ticks(child.pid(), false);
    }
    return ticks * NANOS_PER_TICK;
  }

  private static Optional<Long> postmaster(String dataDir) {
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : procs) {
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
          if (cmd.contains("postgres") && cmd.contains(dataDir) && !cmd.contains("pg_ctl")) {
            // only the postmaster's command line names the data directory (-D); backends' do not
            return Optional.of(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException | RuntimeException e) {
          // the process ended while being read
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static long ticks(long pid, boolean withChildren) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields after the name start at field 3: utime is field 14, stime 15, cutime 16, cstime 17
      long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      if (withChildren) {
        t += Long.parseLong(f[13]) + Long.parseLong(f[14]);
      }
      return t;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
