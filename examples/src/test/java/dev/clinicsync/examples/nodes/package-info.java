/** The three-node test: three coordinators sharing one PostgreSQL. */
package dev.clinicsync.examples.nodes;
