package dev.clinicsync.benchmarks;

import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link UpdateBenchmark}'s single-writer moves (2^18 blocking appointments shifted by five minutes
 * and back) timed in <em>CPU time</em> of the calling thread, for a shared machine where the JMH
 * rate is mostly time slicing. Five rounds of one CPU-second each; the first warms up. A
 * cross-check of the JMH figure, not a replacement for it.
 *
 * <pre>
 * java -Xms3g -Xmx3g -cp benchmarks/target/benchmarks.jar dev.clinicsync.benchmarks.UpdateCpuTime 1000000
 * </pre>
 */
public final class UpdateCpuTime {
  private UpdateCpuTime() {}

  public static void main(String[] args) {
    Workload w = Workload.of(args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000);
    ConflictEngine engine = ConflictEngine.builder().build();
    for (Clinician c : w.clinicians) {
      engine.updateClinician(c);
    }
    for (Appointment a : w.appointments) {
      engine.upsert(a);
    }
    for (BusyBlock b : w.busyBlocks) {
      engine.upsertBusyBlock(b);
    }
    List<Appointment> blocking = new ArrayList<>();
    for (Appointment a : w.appointments) {
      if (NaiveIndex.blocking(a.status())) {
        blocking.add(a);
      }
    }
    int n = 1 << 18;
    Appointment[] original = new Appointment[n];
    Appointment[] shifted = new Appointment[n];
    for (int i = 0; i < n; i++) {
      Appointment a = blocking.get((int) ((long) i * blocking.size() / n));
      original[i] = a;
      shifted[i] = a.toBuilder().start(a.start().plusSeconds(300)).end(a.end().plusSeconds(300)).build();
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    boolean[] moved = new boolean[n];
    int k = 0;
    StringBuilder line = new StringBuilder("updates per CPU-second, 5 rounds (the first warms up):");
    for (int round = 0; round < 5; round++) {
      long t0 = mx.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      long ops = 0;
      while (mx.getCurrentThreadCpuTime() - t0 < 1_000_000_000L) {
        for (int j = 0; j < 256; j++) {
          int i = k++ & (n - 1);
          engine.upsert(moved[i] ? original[i] : shifted[i]);
          moved[i] = !moved[i];
        }
        ops += 256;
      }
      long cpu = mx.getCurrentThreadCpuTime() - t0;
      line.append(String.format(" %.0f (%.0f ns CPU, %.0f ns wall)", ops * 1e9 / cpu, cpu / (double) ops,
          (System.nanoTime() - w0) / (double) ops));
    }
    System.out.println(line + "; load average " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
