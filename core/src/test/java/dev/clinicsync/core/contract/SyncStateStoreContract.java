package dev.clinicsync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageConflictException;

import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.Lease;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.store.SyncStateStore;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SyncStateStore} honours. The store must judge lease expiry by the
 * clock it is given.
 */
public abstract class SyncStateStoreContract {

  /** A new, empty store that reads time from {@code clock}. */
  protected abstract SyncStateStore newStore(MutableClock clock);

  protected final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");
  protected SyncStateStore store;

  private static final ConnectorId ZOCDOC = ConnectorId.of("zocdoc-main");
  private static final ConnectorId GOOGLE = ConnectorId.of("google-dr-lee");

  @BeforeEach
  void createStore() {
    store = newStore(clock);
  }

  @Test
  @DisplayName("a cursor is kept per connector until replaced or cleared")
  void cursors() {
    assertThat(store.cursor(ZOCDOC)).isEmpty();
    store.saveCursor(ZOCDOC, SyncCursor.of("c1"));
    store.saveCursor(GOOGLE, SyncCursor.of("g1"));
    store.saveCursor(ZOCDOC, SyncCursor.of("c2"));
    assertThat(store.cursor(ZOCDOC)).contains(SyncCursor.of("c2"));
    assertThat(store.cursor(GOOGLE)).contains(SyncCursor.of("g1"));
    store.clearCursor(ZOCDOC);
    assertThat(store.cursor(ZOCDOC)).isEmpty();
    assertThat(store.cursor(GOOGLE)).contains(SyncCursor.of("g1"));
  }

  @Test
  @DisplayName("a lease is held by one owner until it expires")
  void leaseExclusive() {
    Lease a = store.tryAcquire("sync:zocdoc", "node-a", Duration.ofSeconds(30)).orElseThrow();
    assertThat(a.owner()).isEqualTo("node-a");
    assertThat(store.tryAcquire("sync:zocdoc", "node-b", Duration.ofSeconds(30))).isEmpty();
    assertThat(store.tryAcquire("sync:google", "node-b", Duration.ofSeconds(30))).as("other names are free").isPresent();
    clock.advance(Duration.ofSeconds(31));
    Lease b = store.tryAcquire("sync:zocdoc", "node-b", Duration.ofSeconds(30)).orElseThrow();
    assertThat(b.fencingToken()).isGreaterThan(a.fencingToken());
    assertThat(store.renew(a, Duration.ofSeconds(30))).as("the old holder lost it").isEmpty();
  }

  @Test
  @DisplayName("the holder may renew and re-acquire; renewal pushes the expiry")
  void renew() {
    Lease a = store.tryAcquire("sync:zocdoc", "node-a", Duration.ofSeconds(30)).orElseThrow();
    clock.advance(Duration.ofSeconds(20));
    Lease renewed = store.renew(a, Duration.ofSeconds(30)).orElseThrow();
    assertThat(renewed.expiresAt()).isEqualTo(clock.instant().plusSeconds(30));
    clock.advance(Duration.ofSeconds(20));
    assertThat(store.tryAcquire("sync:zocdoc", "node-b", Duration.ofSeconds(30))).isEmpty();
    assertThat(store.tryAcquire("sync:zocdoc", "node-a", Duration.ofSeconds(30))).isPresent();
  }

  @Test
  @DisplayName("a released lease is free at once; a non-holder's release does nothing")
  void release() {
    Lease a = store.tryAcquire("sync:zocdoc", "node-a", Duration.ofSeconds(30)).orElseThrow();
    store.release(new Lease("sync:zocdoc", "node-b", a.expiresAt(), a.fencingToken()));
    assertThat(store.tryAcquire("sync:zocdoc", "node-b", Duration.ofSeconds(30))).isEmpty();
    store.release(a);
    assertThat(store.tryAcquire("sync:zocdoc", "node-b", Duration.ofSeconds(30))).isPresent();
  }

  @Test
  @DisplayName("a late writer whose lease expired and was taken over is refused when it saves a cursor or renews")
  void fencedCursor() {
    Lease a = store.tryAcquire("sync:zocdoc", "node-a", Duration.ofSeconds(30)).orElseThrow();
    store.saveCursor(ZOCDOC, SyncCursor.of("a1"), a);
    assertThat(store.cursor(ZOCDOC)).contains(SyncCursor.of("a1"));
    clock.advance(Duration.ofSeconds(31));
    Lease b = store.tryAcquire("sync:zocdoc", "node-b", Duration.ofSeconds(30)).orElseThrow();
    store.saveCursor(ZOCDOC, SyncCursor.of("b1"), b);
    assertThatThrownBy(() -> store.saveCursor(ZOCDOC, SyncCursor.of("a2-late"), a))
        .isInstanceOf(StorageConflictException.class)
        .hasMessageContaining("sync:zocdoc");
    assertThat(store.renew(a, Duration.ofSeconds(30))).isEmpty();
    assertThat(store.cursor(ZOCDOC)).as("the newer holder's cursor stands").contains(SyncCursor.of("b1"));
  }

  @Test
  @DisplayName("an expired lease fences its holder even before anyone else takes it, and a released lease fences too")
  void expiredOrReleasedFences() {
    Lease a = store.tryAcquire("sync:zocdoc", "node-a", Duration.ofSeconds(30)).orElseThrow();
    clock.advance(Duration.ofSeconds(30));
    assertThatThrownBy(() -> store.saveCursor(ZOCDOC, SyncCursor.of("late"), a))
        .isInstanceOf(StorageConflictException.class);
    Lease again = store.tryAcquire("sync:zocdoc", "node-a", Duration.ofSeconds(30)).orElseThrow();
    assertThat(again.fencingToken()).as("re-acquired after expiry: a new token").isGreaterThan(a.fencingToken());
    store.release(again);
    assertThatThrownBy(() -> store.saveCursor(ZOCDOC, SyncCursor.of("after-release"), again))
        .isInstanceOf(StorageConflictException.class);
    Lease next = store.tryAcquire("sync:zocdoc", "node-b", Duration.ofSeconds(30)).orElseThrow();
    assertThat(next.fencingToken()).as("tokens only grow, also across a release").isGreaterThan(again.fencingToken());
    assertThat(store.cursor(ZOCDOC)).isEmpty();
  }
}
