/** Tests of the HTML week view: the adapter, the page, and the page in a real browser. */
@NullMarked
package dev.clinicsync.examples.demo.view;

import org.jspecify.annotations.NullMarked;
