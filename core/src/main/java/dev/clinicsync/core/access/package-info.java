/**
 * Role-based access control: who may do what, decided in one place,
 * {@link dev.clinicsync.core.access.AccessPolicy}.
 */
@NullMarked
package dev.clinicsync.core.access;

import org.jspecify.annotations.NullMarked;
