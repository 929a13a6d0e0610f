/**
 * AssertJ assertions on the canonical model, published in the core test-jar for connector, store
 * and host authors: start from {@link dev.clinicsync.core.testkit.assertions.ClinicSyncAssertions}.
 */
@NullMarked
package dev.clinicsync.core.testkit.assertions;

import org.jspecify.annotations.NullMarked;
