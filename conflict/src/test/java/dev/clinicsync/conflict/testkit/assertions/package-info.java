/**
 * AssertJ assertions on the conflict engine's reports, published in the conflict test-jar for
 * hosts that test against the engine: start from
 * {@link dev.clinicsync.conflict.testkit.assertions.ConflictAssertions}.
 */
@NullMarked
package dev.clinicsync.conflict.testkit.assertions;

import org.jspecify.annotations.NullMarked;
