/**
 * A whole storage backend in one value: {@link dev.clinicsync.core.backend.Storage} bundles the
 * stores of {@link dev.clinicsync.core.store} and the audit sink of
 * {@link dev.clinicsync.core.audit} that live in one database, so a host wires them with one call.
 * (It sits above both packages, which know nothing of it.)
 */
@NullMarked
package dev.clinicsync.core.backend;

import org.jspecify.annotations.NullMarked;
