package dev.clinicsync.benchmarks;

import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Bytes of heap per indexed appointment, beyond the appointment objects themselves: the heap
 * after building an index minus the heap with only the workload, over the number of blocking
 * appointments indexed. Not JMH (JMH measures time); run it as a plain program:
 *
 * <pre>
 * java -Xmx8g -cp benchmarks/target/benchmarks.jar dev.clinicsync.benchmarks.HeapFootprint 6000000
 * </pre>
 */
public final class HeapFootprint {
  private HeapFootprint() {}

  public static void main(String[] args) {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 6_000_000;
    Workload w = Workload.of(size);
    System.out.printf("workload: %,d appointments (%,d blocking), %,d busy blocks, %,d clinicians%n",
        w.appointments.length, w.activeCount, w.busyBlocks.length, w.clinicianCount());
    long base = usedAfterGc();

    ConflictEngine engine = ConflictEngine.builder().build();
    for (Clinician c : w.clinicians) {
      engine.updateClinician(c);
    }
    for (Appointment a : w.appointments) {
      engine.upsert(a);
    }
    long withAppointments = usedAfterGc();
    System.out.printf("CLINICSYNC appointments only: %.1f bytes per indexed appointment%n",
        (withAppointments - base) / (double) w.activeCount);
    for (BusyBlock b : w.busyBlocks) {
      engine.upsertBusyBlock(b);
    }
    long withBusy = usedAfterGc();
    System.out.printf("CLINICSYNC busy blocks: %.1f bytes per indexed busy block%n",
        (withBusy - withAppointments) / (double) w.busyBlocks.length);
    if (engine.size() != w.activeCount) {
      throw new IllegalStateException("engine size " + engine.size());
    }
    engine = null;

    for (IndexType type : new IndexType[] {IndexType.NAIVE, IndexType.GUAVA}) {
      long before = usedAfterGc();
      ConflictIndex index = type.create();
      index.load(w);
      long after = usedAfterGc();
      System.out.printf("%s (appointments and busy blocks): %.1f bytes per blocking appointment%n", type,
          (after - before) / (double) w.activeCount);
      index.close();
      index = null;
    }
  }

  private static long usedAfterGc() {
    MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, mx.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
