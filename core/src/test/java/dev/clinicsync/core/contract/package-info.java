/**
 * Published contract tests of the storage SPIs. A host (or the jdbc module) extends one with a
 * few lines to prove its own store behaves as the SDK expects:
 *
 * <pre>{@code
 * class MyStoreTest extends AppointmentStoreContract {
 *   @Override protected AppointmentStore newStore() { return new MyStore(freshDatabase()); }
 * }
 * }</pre>
 */
package dev.clinicsync.core.contract;
