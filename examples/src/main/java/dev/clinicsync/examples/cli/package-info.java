/**
 * The {@code clinicsync} command line: a picocli command tree over a {@link
 * dev.clinicsync.sync.SyncCoordinator} built from a YAML configuration file and an embedded H2
 * database. Start with {@link dev.clinicsync.examples.cli.ClinicSyncCli}.
 */
@NullMarked
package dev.clinicsync.examples.cli;

import org.jspecify.annotations.NullMarked;
