/**
 * The coordinator's outbound side, as hosts and admins see it: how mirrors into therapists'
 * calendars are projected and how edits made there are settled, the write queue's health, what a
 * run of the queue did, and the mirror issues (therapists skipped, edits raised as conflicts,
 * local changes that could not be written back) an admin reviews.
 */
@NullMarked
package dev.clinicsync.sync.writes;

import org.jspecify.annotations.NullMarked;
