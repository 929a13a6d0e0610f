/** Implementation details of the coordinator; not API. */
@NullMarked
package dev.clinicsync.sync.internal;

import org.jspecify.annotations.NullMarked;
