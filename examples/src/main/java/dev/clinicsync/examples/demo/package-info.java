/**
 * {@code clinicsync demo}: a seeded practice ({@link dev.clinicsync.examples.demo.DemoPractice})
 * served by in-process vendor sandboxes ({@link dev.clinicsync.examples.demo.DemoSandboxes}) that
 * speak each vendor's wire format.
 */
@NullMarked
package dev.clinicsync.examples.demo;

import org.jspecify.annotations.NullMarked;
