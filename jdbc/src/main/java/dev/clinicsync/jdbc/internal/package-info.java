/**
 * The JDBC stores' implementation: public only so that {@link dev.clinicsync.jdbc.JdbcStores} (and
 * H2's trigger loader) can reach it. Not an API: use {@link dev.clinicsync.jdbc.JdbcStores}.
 */
@NullMarked
package dev.clinicsync.jdbc.internal;

import org.jspecify.annotations.NullMarked;
