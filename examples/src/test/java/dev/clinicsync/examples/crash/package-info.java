/** The crash-recovery test: a coordinator in a child JVM, killed with SIGKILL and restarted. */
package dev.clinicsync.examples.crash;
