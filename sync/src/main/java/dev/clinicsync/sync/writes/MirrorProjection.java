package dev.clinicsync.sync.writes;

import dev.clinicsync.core.connector.MirrorContent;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.phi.PhiRecord;
import java.util.Optional;

/**
 * What the mirror of an appointment shows at one target besides its times: a per-target policy the
 * host chooses explicitly. The default, {@link #CONTENT_FREE}, shows the target's label only — no
 * patient, no notes, no telehealth link. The PHI part is read from the vault only for a policy that
 * asks for it ({@link #needsPhi()}).
 */
@FunctionalInterface
public interface MirrorProjection {

  /** The default: the target's configured label, nothing else. */
  MirrorProjection CONTENT_FREE = new MirrorProjection() {
    @Override
    public MirrorContent project(Appointment appointment, Optional<PhiRecord> phi) {
      return MirrorContent.contentFree();
    }

    @Override
    public boolean needsPhi() {
      return false;
    }

    @Override
    public String toString() {
      return "MirrorProjection.CONTENT_FREE";
    }
  };

  /** The content of the mirror of {@code appointment}; {@code phi} is empty unless {@link #needsPhi()}. */
  MirrorContent project(Appointment appointment, Optional<PhiRecord> phi);

  /** Whether {@link #project} reads the PHI part (then the vault is read for each write). */
  default boolean needsPhi() {
    return true;
  }
}
