/**
 * The connector guide's worked example: a connector for Harbor, a fictional scheduling API
 * (JSON over HTTPS, an API key sent as a bearer token, cursor paging, a change token for
 * incremental reads). Read it beside {@code examples/worked-connector/README.md}.
 */
@NullMarked
package dev.clinicsync.examples.harbor;

import org.jspecify.annotations.NullMarked;
