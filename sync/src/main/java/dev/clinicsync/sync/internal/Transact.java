package dev.clinicsync.sync.internal;

import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.store.Transactions;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How a change becomes durable: in one {@link Transactions transaction} of the stores, under the
 * clinicians' store locks (which every node sharing the stores respects) and then this node's own
 * {@link ClinicianLocks}. Locks are always taken store locks first, each kind in ascending clinician
 * id order, so neither two nodes nor two threads of one node can deadlock on them.
 *
 * <p>With stores kept in one process ({@link Transactions#direct()}, no store locks) this is the
 * node's locks around the work, as before transactions existed; {@link #transactional()} tells the
 * callers whether a failure is rolled back by the store or must be undone by hand.
 */
public final class Transact {
  private final Transactions transactions;
  private final dev.clinicsync.core.store.ClinicianLocks storeLocks;
  private final ClinicianLocks nodeLocks;
  private final boolean transactional;

  public Transact(Transactions transactions, dev.clinicsync.core.store.ClinicianLocks storeLocks,
      ClinicianLocks nodeLocks) {
    this.transactions = transactions;
    this.storeLocks = storeLocks;
    this.nodeLocks = nodeLocks;
    this.transactional = !(transactions instanceof Transactions.Direct);
  }

  /** No transactions, no store locks: the stores of one process. */
  public static Transact direct(ClinicianLocks nodeLocks) {
    return new Transact(Transactions.direct(), dev.clinicsync.core.store.ClinicianLocks.none(), nodeLocks);
  }

  /** Whether the stores roll a failed transaction back (otherwise its writes must be undone by hand). */
  public boolean transactional() {
    return transactional;
  }

  /** This node's per-clinician locks. */
  public ClinicianLocks nodeLocks() {
    return nodeLocks;
  }

  /** Runs {@code work} in one transaction, committing when it returns. */
  public <T> T inTransaction(Supplier<T> work) {
    return transactions.inTransaction(work);
  }

  /** Takes the clinicians' store locks, in id order, until the calling thread's transaction ends. */
  public void lockStores(Collection<ClinicianId> clinicians) {
    for (ClinicianId id : sorted(clinicians)) {
      storeLocks.lock(id);
    }
  }

  /**
   * Runs {@code work} in one transaction under the clinicians' store locks and node locks; once the
   * transaction committed, {@code afterCommit} gets the result while the node locks are still held
   * (to update the in-memory index only with what is durable).
   *
   * @return what {@code work} returned
   */
  public <T> T locked(Collection<ClinicianId> clinicians, Supplier<T> work, Consumer<? super T> afterCommit) {
    List<ClinicianId> ordered = sorted(clinicians);
    HeldBox box = new HeldBox();
    try {
      T result = transactions.inTransaction(() -> {
        ordered.forEach(storeLocks::lock);
        box.held = nodeLocks.lock(ordered);
        return work.get();
      });
      afterCommit.accept(result);
      return result;
    } finally {
      ClinicianLocks.Held held = box.held;
      if (held != null) {
        held.close();
      }
    }
  }

  private static List<ClinicianId> sorted(Collection<ClinicianId> clinicians) {
    TreeSet<ClinicianId> ordered = new TreeSet<>(Comparator.comparing(ClinicianId::value));
    ordered.addAll(clinicians);
    return List.copyOf(ordered);
  }

  /** The node locks taken inside the transaction, released after it ends. */
  private static final class HeldBox {
    ClinicianLocks.@Nullable Held held;
  }
}
