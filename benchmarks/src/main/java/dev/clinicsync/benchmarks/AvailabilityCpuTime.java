package dev.clinicsync.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * {@link AvailabilityBenchmark}'s questions timed in <em>CPU time</em> of the calling thread
 * ({@link ThreadMXBean#getCurrentThreadCpuTime}), for a shared machine where wall-clock time per
 * operation is dominated by time slicing (a load average far above the core count). Same setup
 * and queries as the benchmark, in one JVM, implementations one after another; PostgreSQL is left
 * out (its work runs in the server's processes, not in this thread). A cross-check of the JMH
 * ratios, not a replacement for them.
 *
 * <pre>
 * java -Xms10g -Xmx10g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar \
 *   dev.clinicsync.benchmarks.AvailabilityCpuTime 1000000 [CLINICSYNC,CHECK_LOOP,GUAVA] [ALIGNED|ODD] [questions]
 * # the odd-minute workload, ClinicSync against Guava:
 * java -Xms10g -Xmx10g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar \
 *   dev.clinicsync.benchmarks.AvailabilityCpuTime 1000000 CLINICSYNC,GUAVA ODD
 * </pre>
 *
 * <p>Each line also gives the system load average when its rounds ended, and the round's wall
 * clock per operation beside its CPU time.
 */
public final class AvailabilityCpuTime {
  private AvailabilityCpuTime() {}

  public static void main(String[] args) {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    long budgetNanos = 1_000_000_000L; // CPU time per measured round
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<String> names = List.of("weekHot", "weekRandom", "locationDay", "nextFreeRandom", "isFreeHot", "isFreeRandom");
    List<AvailabilityType> types = args.length > 1
        ? java.util.Arrays.stream(args[1].split(",")).map(AvailabilityType::valueOf).toList()
        : List.of(AvailabilityType.CLINICSYNC, AvailabilityType.CHECK_LOOP, AvailabilityType.GUAVA);
    Edges edges = args.length > 2 ? Edges.valueOf(args[2]) : Edges.ALIGNED;
    int questions = args.length > 3 ? Integer.parseInt(args[3]) : AvailabilityBenchmark.QUESTIONS;
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    for (AvailabilityType type : types) {
      AvailabilityBenchmark b = new AvailabilityBenchmark();
      b.impl = type;
      b.appointments = size;
      b.edges = edges;
      b.questions = questions;
      b.setup();
      AvailabilityBenchmark.Cursor c = new AvailabilityBenchmark.Cursor();
      List<ToLongFunction<AvailabilityBenchmark.Cursor>> ops = List.of(
          x -> b.weekHot(x), x -> b.weekRandom(x), x -> b.locationDay(x), x -> b.nextFreeRandom(x),
          x -> b.isFreeHot(x) ? 1 : 0, x -> b.isFreeRandom(x) ? 1 : 0);
      StringBuilder line = new StringBuilder(type.name() + " " + edges);
      long sink = 0;
      for (int k = 0; k < ops.size(); k++) {
        ToLongFunction<AvailabilityBenchmark.Cursor> op = ops.get(k);
        double best = Double.MAX_VALUE;
        double bestWall = 0;
        StringBuilder rounds = new StringBuilder();
        for (int round = 0; round < 4; round++) { // round 0 warms up
          long n = 0;
          long w0 = System.nanoTime();
          long t0 = mx.getCurrentThreadCpuTime();
          long t = t0;
          while (t - t0 < budgetNanos) {
            for (int i = 0; i < 64; i++) {
              sink += op.applyAsLong(c);
            }
            n += 64;
            t = mx.getCurrentThreadCpuTime();
          }
          double per = (t - t0) / (double) n;
          double wall = (System.nanoTime() - w0) / (double) n;
          if (round > 0) {
            if (per < best) {
              bestWall = wall;
            }
            best = Math.min(best, per);
            rounds.append(String.format(" %.0f", per));
          }
        }
        line.append(String.format("%n  %-15s best %10.0f ns CPU/op (wall %.0f ns/op in that round), load average %.1f, rounds:%s",
            names.get(k), best, bestWall, os.getSystemLoadAverage(), rounds));
      }
      b.tearDown();
      System.out.println(line + "   (sink " + (sink & 1) + ")");
    }
  }
}
