package dev.clinicsync.conflict.internal;

import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.WeeklyAvailability;
import java.lang.ref.WeakReference;
import java.time.ZoneId;
import java.util.WeakHashMap;

/**
 * One {@link CompiledAvailability} per distinct zone and working hours, shared by every clinician
 * who has them. Clinics hand out a few schedule templates, so thousands of clinicians usually share
 * a dozen compiled forms: those stay in cache when checks jump between clinicians, and memory is
 * saved. An entry lives as long as some clinician state holds its compiled form (which holds the
 * key strongly; the map holds both weakly).
 */
final class SharedAvailabilities {
  /** What a compiled availability is made of. */
  record Key(ZoneId zone, WeeklyAvailability availability) {}

  private final WeakHashMap<Key, WeakReference<CompiledAvailability>> shared = new WeakHashMap<>();

  /** The compiled availability for the clinician's zone and hours: an existing one when equal. */
  synchronized CompiledAvailability of(Clinician clinician) {
    Key key = new Key(clinician.zone(), clinician.availability());
    WeakReference<CompiledAvailability> ref = shared.get(key);
    CompiledAvailability av = ref == null ? null : ref.get();
    if (av == null) {
      av = new CompiledAvailability(key);
      // a stale entry keeps its old key object, which nothing would hold: replace it with ours
      shared.remove(key);
      shared.put(key, new WeakReference<>(av));
    }
    return av;
  }

  synchronized int size() {
    return shared.size();
  }
}
