/**
 * JMH benchmarks of the conflict engine against the baselines a user would pick instead: a naive
 * scan, Guava range maps, PostgreSQL GiST. See {@code benchmarks/README.md}.
 */
@NullMarked
package dev.clinicsync.benchmarks;

import org.jspecify.annotations.NullMarked;
