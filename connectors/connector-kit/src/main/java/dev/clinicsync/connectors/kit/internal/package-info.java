/** Implementation details of the connector kit; not an API, may change without notice. */
@NullMarked
package dev.clinicsync.connectors.kit.internal;

import org.jspecify.annotations.NullMarked;
