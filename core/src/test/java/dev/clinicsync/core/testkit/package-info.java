/** Test helpers published in the core test-jar: a mutable clock and object mothers. */
package dev.clinicsync.core.testkit;
