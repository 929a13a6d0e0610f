/** Implementation details of the athenahealth connector; not API. */
@NullMarked
package dev.clinicsync.connectors.athena.internal;

import org.jspecify.annotations.NullMarked;
